package dev.herald.oauth;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.http.converter.OAuth2ErrorHttpMessageConverter;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The authorize endpoint's {@code redirect_uri} rule (RFC 6749 §3.1.2.3, OAuth 2.1 §2.3.1). Spring checks that
 * a given {@code redirect_uri} equals the app's registered callback URL exactly, and sends a request without
 * one to the registered callback URL, which is unambiguous because an app has at most one. What is left is an
 * app that has none: Spring fails on it with a 500, so it is answered here, with a 400 naming
 * {@code redirect_uri} and no redirect, before Spring sees the request.
 */
final class RedirectUriRule extends OncePerRequestFilter {

    private final String authorizePath;
    private final RegisteredClientRepository clients;
    private final OAuth2ErrorHttpMessageConverter errors = new OAuth2ErrorHttpMessageConverter();

    RedirectUriRule(String authorizePath, RegisteredClientRepository clients) {
        this.authorizePath = authorizePath;
        this.clients = clients;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !authorizePath.equals(request.getRequestURI()) || request.getParameterValues("client_id") == null
                || request.getParameterValues("client_id").length != 1;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        RegisteredClient client = clients.findByClientId(request.getParameter("client_id"));
        if (client == null || !client.getRedirectUris().isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        ServletServerHttpResponse answer = new ServletServerHttpResponse(response);
        answer.setStatusCode(HttpStatus.BAD_REQUEST);
        errors.write(new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
                "redirect_uri: the app has no registered callback URL to send the answer to; "
                        + "its developer sets one with PATCH /api/v1/partner-apps/{id}", null), null, answer);
    }
}
