package dev.herald.console;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps a person whose account requires two-factor sign-in, and who has not set it up, on the enrolment page:
 * every other console page redirects there until they confirm a code (signing out stays possible). The flag is
 * set in the session at sign-in, so this costs no query.
 */
final class TwoFactorEnrolmentCheck extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpSession session = request.getSession(false);
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (session != null && Boolean.TRUE.equals(session.getAttribute(TwoFactorPages.MUST_ENROL))
                && !path.startsWith(TwoFactorPages.SECURITY) && !path.equals("/console/logout")
                && !path.startsWith("/console-assets/") && !path.startsWith("/webjars/")) {
            response.sendRedirect(request.getContextPath() + TwoFactorPages.SECURITY);
            return;
        }
        chain.doFilter(request, response);
    }
}
