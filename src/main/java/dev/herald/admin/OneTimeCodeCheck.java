package dev.herald.admin;

import dev.herald.auth.AdminTwoFactor;
import dev.herald.auth.PlatformAdmins;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.authentication.AuthenticationDetailsSource;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * The administration API's second factor: after a right password, an administrator with two-factor sign-in on
 * must send a current code of their authenticator app (or a recovery code) in {@value #HEADER}; each code works
 * once, like at the console's sign-in. A missing or wrong code is a failed sign-in, counted by the throttle
 * around this provider.
 */
final class OneTimeCodeCheck implements AuthenticationProvider {

    static final String HEADER = "X-Herald-OTP";

    /** A missing or wrong code after a right password: the 401 says what to send. */
    static final class CodeNeeded extends BadCredentialsException {
        CodeNeeded(String message) {
            super(message);
        }
    }

    /** The request's address (for the throttle) and the code it carries. */
    static final class Details extends WebAuthenticationDetails {
        private final transient String code;

        Details(HttpServletRequest request) {
            super(request);
            this.code = request.getHeader(HEADER);
        }
    }

    static final AuthenticationDetailsSource<HttpServletRequest, Details> DETAILS = Details::new;

    private final AuthenticationProvider password;
    private final PlatformAdmins admins;
    private final AdminTwoFactor twoFactor;

    OneTimeCodeCheck(AuthenticationProvider password, PlatformAdmins admins, AdminTwoFactor twoFactor) {
        this.password = password;
        this.admins = admins;
        this.twoFactor = twoFactor;
    }

    @Override
    public Authentication authenticate(Authentication attempt) {
        Authentication signedIn = password.authenticate(attempt);
        PlatformAdmins.Admin admin = admins.find(signedIn.getName()).orElseThrow(() ->
                new BadCredentialsException("No such administrator"));
        if (!twoFactor.enabled(admin)) {
            return signedIn;
        }
        String code = attempt.getDetails() instanceof Details details ? details.code : null;
        if (code == null || code.isBlank()) {
            throw new CodeNeeded("Two-factor sign-in is on for this administrator: send the current code of the "
                    + "authenticator app (or a recovery code) in the " + HEADER + " header.");
        }
        if (!twoFactor.verify(admin, code)) {
            throw new CodeNeeded("The " + HEADER + " code is wrong, expired or used already: each code works once, "
                    + "so send the app's next code (or a recovery code).");
        }
        return signedIn;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return password.supports(authentication);
    }
}
