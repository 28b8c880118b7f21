package dev.herald.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Locale;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A body sent as {@code Content-Type: *}{@code /*} or {@code application/*} says only "some data": clients that
 * send it (generic HTTP tools, some SDKs' defaults) mean the API's JSON, so it is read as
 * {@code application/json}. Spring cannot represent a wildcard content type and would answer 500.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class WildcardContentTypeFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String contentType = request.getContentType();
        chain.doFilter(isWildcard(contentType) ? new AsJson(request, asJson(contentType)) : request, response);
    }

    private static boolean isWildcard(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return type.equals("*") || type.equals("*/*") || type.equals("application/*");
    }

    /** {@code application/json} with the parameters (e.g. charset) the client gave. */
    private static String asJson(String contentType) {
        int parameters = contentType.indexOf(';');
        return MediaType.APPLICATION_JSON_VALUE + (parameters < 0 ? "" : contentType.substring(parameters));
    }

    private static final class AsJson extends HttpServletRequestWrapper {

        private final String contentType;

        AsJson(HttpServletRequest request, String contentType) {
            super(request);
            this.contentType = contentType;
        }

        @Override
        public String getContentType() {
            return contentType;
        }

        @Override
        public String getHeader(String name) {
            return HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name) ? contentType : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)
                    ? Collections.enumeration(java.util.List.of(contentType)) : super.getHeaders(name);
        }
    }
}
