package dev.herald.oauth;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The reference documents a token request as a POST with its parameters in the URL
 * ({@code /uaa/oauth/token?grant_type=authorization_code&client_id=..&client_secret=..&code=..}); Spring
 * Authorization Server reads only body parameters (RFC 6749 §3.2). For a token POST without a body, the
 * URL's parameters are handed over as if they were the form body, so partners written against the
 * reference work unchanged. A request with a form body is left as it is.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class QueryTokenRequests extends OncePerRequestFilter {

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod())
                || !AuthorizationServerConfiguration.TOKEN.equals(request.getRequestURI())
                || request.getQueryString() == null
                || request.getContentLengthLong() > 0;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(new HttpServletRequestWrapper(request) {
            @Override
            public String getQueryString() {
                return null;
            }
        }, response);
    }
}
