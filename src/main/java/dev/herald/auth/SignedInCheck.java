package dev.herald.auth;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.HashSet;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Checks a signed-in session against the database on every request: a person who was removed, or whose
 * account was suspended or deleted, is signed out at once (the session ends; the page asks to sign in
 * again), and a changed role takes effect on the next request. Added to session-based chains (the console);
 * not a bean, so the servlet container does not run it for every request.
 */
public final class SignedInCheck extends OncePerRequestFilter {

    private final UserDetailsService people;

    public SignedInCheck(UserDetailsService people) {
        this.people = people;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        SecurityContext context = SecurityContextHolder.getContext();
        Authentication signedIn = context.getAuthentication();
        if (signedIn instanceof UsernamePasswordAuthenticationToken && signedIn.isAuthenticated()) {
            UserDetails now = current(signedIn.getName());
            if (now == null || !now.isEnabled()) {
                SecurityContextHolder.clearContext();
                HttpSession session = request.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
            } else if (!new HashSet<>(now.getAuthorities()).equals(new HashSet<>(signedIn.getAuthorities()))) {
                UsernamePasswordAuthenticationToken fresh = UsernamePasswordAuthenticationToken.authenticated(
                        now, null, now.getAuthorities());
                fresh.setDetails(signedIn.getDetails());
                SecurityContext updated = SecurityContextHolder.createEmptyContext();
                updated.setAuthentication(fresh);
                SecurityContextHolder.setContext(updated);
                HttpSession session = request.getSession(false);
                if (session != null) {
                    session.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY, updated);
                }
            }
        }
        chain.doFilter(request, response);
    }

    private UserDetails current(String username) {
        try {
            return people.loadUserByUsername(username);
        } catch (UsernameNotFoundException gone) {
            return null;
        }
    }
}
