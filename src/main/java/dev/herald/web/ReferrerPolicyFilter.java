package dev.herald.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts {@code Referrer-Policy: strict-origin-when-cross-origin} on every answer (API, console, OAuth pages, errors),
 * so a console URL with ids in it never leaks in full to another site. A handler may set a stricter one (the
 * short-link redirect sends {@code no-referrer}).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class ReferrerPolicyFilter extends OncePerRequestFilter {

    static final String HEADER = "Referrer-Policy";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader(HEADER, "strict-origin-when-cross-origin");
        chain.doFilter(request, response);
    }
}
