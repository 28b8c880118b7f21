package dev.herald.auth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.stereotype.Component;

/**
 * The step between a right password and being signed in, for both sign-in forms (the console's and the OAuth
 * consent's, which share the session): a person or platform administrator with two-factor sign-in on is signed
 * out again and their sign-in is kept in the session until the console's code page takes a code; a person whose
 * account requires it and who has none is marked for enrolment.
 */
@Component
public class SecondFactorStep {

    /** Where the code is asked for, and where people enrol (console pages). */
    public static final String CODE_PAGE = "/console/login/code";
    public static final String ENROL_PAGE = "/console/security";
    /** Session attribute: the password was right, the second factor is awaited (the Authentication to finish). */
    public static final String PENDING = SecondFactorStep.class.getName() + ".pending";
    /** Session attribute: the account requires two-factor sign-in and this person has not set it up. */
    public static final String MUST_ENROL = SecondFactorStep.class.getName() + ".mustEnrol";

    private final Users users;
    private final TwoFactor twoFactor;
    private final PlatformAdmins admins;
    private final AdminTwoFactor adminTwoFactor;

    SecondFactorStep(Users users, TwoFactor twoFactor, PlatformAdmins admins, AdminTwoFactor adminTwoFactor) {
        this.users = users;
        this.twoFactor = twoFactor;
        this.admins = admins;
        this.adminTwoFactor = adminTwoFactor;
    }

    /**
     * Called by a sign-in's success handler.
     *
     * @return whether it answered the request (a redirect); false to go on as usual
     */
    public boolean holdBack(HttpServletRequest request, HttpServletResponse response, Authentication signedIn)
            throws IOException {
        HttpSession session = request.getSession();
        Optional<Users.User> user = users.find(signedIn.getName());
        boolean secondFactor = user.isPresent() ? twoFactor.enabled(user.get())
                : isAdmin(signedIn) && admins.find(signedIn.getName()).map(adminTwoFactor::enabled).orElse(false);
        if (secondFactor) {
            SecurityContextHolder.clearContext();
            session.removeAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
            session.setAttribute(PENDING, signedIn);
            response.sendRedirect(request.getContextPath() + CODE_PAGE);
            return true;
        }
        if (user.isPresent() && twoFactor.required(user.get().account())) {
            session.setAttribute(MUST_ENROL, true);
            response.sendRedirect(request.getContextPath() + ENROL_PAGE);
            return true;
        }
        return false;
    }

    /**
     * Checks the second factor of a held-back sign-in: a code of the app or a recovery code of that person or
     * administrator (not throttled here: the caller counts wrong codes).
     */
    public boolean verify(Authentication pending, String code) {
        if (isAdmin(pending)) {
            return admins.find(pending.getName()).map(admin -> adminTwoFactor.verify(admin, code)).orElse(false);
        }
        return users.find(pending.getName()).map(user -> twoFactor.verify(user, code)).orElse(false);
    }

    public static boolean isAdmin(Authentication signedIn) {
        return signedIn.getAuthorities().stream().anyMatch(a -> PlatformAdmins.AUTHORITY.equals(a.getAuthority()));
    }
}
