package dev.herald.oauth;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The reference's authorization request has no {@code scope}: such a request asks for every scope the app
 * was registered with, as if it had listed them. (Spring's endpoint would otherwise grant no scope at all.)
 */
final class DefaultScopes extends OncePerRequestFilter {

    private final String authorizePath;
    private final RegisteredClientRepository clients;

    DefaultScopes(String authorizePath, RegisteredClientRepository clients) {
        this.authorizePath = authorizePath;
        this.clients = clients;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !HttpMethod.GET.matches(request.getMethod()) || !authorizePath.equals(request.getRequestURI())
                || request.getParameter("scope") != null || request.getParameterValues("client_id") == null
                || request.getParameterValues("client_id").length != 1;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        RegisteredClient client = clients.findByClientId(request.getParameter("client_id"));
        if (client == null || client.getScopes().isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        chain.doFilter(new WithScope(request, String.join(" ", client.getScopes())), response);
    }

    private static final class WithScope extends HttpServletRequestWrapper {

        private final String scope;
        private final Map<String, String[]> parameters;

        WithScope(HttpServletRequest request, String scope) {
            super(request);
            this.scope = scope;
            Map<String, String[]> all = new LinkedHashMap<>(request.getParameterMap());
            all.put("scope", new String[] {scope});
            this.parameters = Collections.unmodifiableMap(all);
        }

        @Override
        public String getParameter(String name) {
            String[] values = parameters.get(name);
            return values == null || values.length == 0 ? null : values[0];
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            return parameters;
        }

        @Override
        public Enumeration<String> getParameterNames() {
            return Collections.enumeration(parameters.keySet());
        }

        @Override
        public String[] getParameterValues(String name) {
            return parameters.get(name);
        }

        /** Spring reads authorization request parameters only when the query string names them. */
        @Override
        public String getQueryString() {
            String query = super.getQueryString();
            String added = "scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8);
            return query == null || query.isEmpty() ? added : query + "&" + added;
        }
    }
}
