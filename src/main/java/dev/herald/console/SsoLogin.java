package dev.herald.console;

import dev.herald.auth.AccountId;
import dev.herald.auth.SecondFactorStep;
import dev.herald.sso.SsoRegistrations;
import dev.herald.sso.SsoSignIn;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * "Sign in with SSO" on the sign-in page: the address (or bare domain) the person types names the account
 * whose identity provider signs them in; they are sent there ({@link SsoRegistrations#AUTHORIZE}), and come back
 * signed in like a password sign-in ({@link Finish}).
 */
@Controller
class SsoLogin {

    static final String PATH = ConsoleSecurityConfiguration.LOGIN + "/sso";
    private static final Logger log = LoggerFactory.getLogger(SsoLogin.class);

    private final SsoSignIn sso;
    private final SsoRegistrations registrations;

    SsoLogin(SsoSignIn sso, SsoRegistrations registrations) {
        this.sso = sso;
        this.registrations = registrations;
    }

    @PostMapping(PATH)
    String start(@RequestParam(defaultValue = "") String email) {
        Optional<AccountId> account = sso.accountFor(email);
        if (account.isEmpty()) {
            return "redirect:" + ConsoleSecurityConfiguration.LOGIN + "?ssoUnknown";
        }
        String id = account.get().value().toString();
        // the provider's discovery document is read now, so an unreachable one is a message, not an error page
        if (registrations.findByRegistrationId(id) == null) {
            return "redirect:" + ConsoleSecurityConfiguration.LOGIN + "?ssoError";
        }
        return "redirect:" + SsoRegistrations.AUTHORIZE + "/" + id;
    }

    /** Back to the sign-in page with a message; the reason goes to the log (it may name the provider's error). */
    static void failed(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        log.info("Single sign-on failed: {}", e.getMessage());
        response.sendRedirect(ConsoleSecurityConfiguration.LOGIN + "?ssoError");
    }

    /**
     * Replaces the provider's sign-in with the person's own, as a password sign-in makes it (so the session is
     * checked on every request, {@code SignedInCheck}), then asks for the second factor when they have one.
     */
    static final class Finish implements AuthenticationSuccessHandler {

        private final UserDetailsService people;
        private final SecondFactorStep secondFactor;
        private final AuthenticationSuccessHandler toPage;

        Finish(UserDetailsService people, SecondFactorStep secondFactor, AuthenticationSuccessHandler toPage) {
            this.people = people;
            this.secondFactor = secondFactor;
            this.toPage = toPage;
        }

        @Override
        public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
                                            Authentication provider) throws IOException, ServletException {
            UserDetails person = people.loadUserByUsername(provider.getName());
            UsernamePasswordAuthenticationToken signedIn = UsernamePasswordAuthenticationToken.authenticated(
                    person, null, person.getAuthorities());
            signedIn.setDetails(provider.getDetails());
            SecurityContext context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(signedIn);
            SecurityContextHolder.setContext(context);
            new HttpSessionSecurityContextRepository().saveContext(context, request, response);
            if (!secondFactor.holdBack(request, response, signedIn)) {
                toPage.onAuthenticationSuccess(request, response, signedIn);
            }
        }
    }
}
