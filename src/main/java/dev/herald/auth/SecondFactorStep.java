package dev.herald.auth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;

/**
 * The step between a right password and being signed in, for both sign-in forms (the console's and the OAuth
 * consent's, which share the session): a person with two-factor sign-in on is signed out again and their
 * sign-in is kept in the session until the console's code page takes a code; a person whose account requires
 * it and who has none is marked for enrolment.
 */
public final class SecondFactorStep {

    /** Where the code is asked for, and where people enrol (console pages). */
    public static final String CODE_PAGE = "/console/login/code";
    public static final String ENROL_PAGE = "/console/security";
    /** Session attribute: the password was right, the second factor is awaited (the Authentication to finish). */
    public static final String PENDING = SecondFactorStep.class.getName() + ".pending";
    /** Session attribute: the account requires two-factor sign-in and this person has not set it up. */
    public static final String MUST_ENROL = SecondFactorStep.class.getName() + ".mustEnrol";

    private SecondFactorStep() {}

    /**
     * Called by a form sign-in's success handler.
     *
     * @return whether it answered the request (a redirect); false to go on as usual
     */
    public static boolean holdBack(HttpServletRequest request, HttpServletResponse response, Authentication signedIn,
                                   Users users, TwoFactor twoFactor) throws IOException {
        Optional<Users.User> user = users.find(signedIn.getName());
        if (user.isEmpty()) {
            return false;
        }
        HttpSession session = request.getSession();
        if (twoFactor.enabled(user.get())) {
            SecurityContextHolder.clearContext();
            session.removeAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
            session.setAttribute(PENDING, signedIn);
            response.sendRedirect(request.getContextPath() + CODE_PAGE);
            return true;
        }
        if (twoFactor.required(user.get().account())) {
            session.setAttribute(MUST_ENROL, true);
            response.sendRedirect(request.getContextPath() + ENROL_PAGE);
            return true;
        }
        return false;
    }
}
