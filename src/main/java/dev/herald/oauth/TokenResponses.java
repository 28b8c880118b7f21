package dev.herald.oauth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.endpoint.DefaultOAuth2AccessTokenResponseMapConverter;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;

/**
 * Writes the token endpoint's answer as the reference does: {@code access_token}, {@code token_type: "bearer"}
 * (lower case; Spring writes "Bearer", which some clients of the reference compare literally),
 * {@code refresh_token}, {@code scope}, {@code expires_in}. Never cached.
 */
final class TokenResponses implements AuthenticationSuccessHandler {

    private final OAuth2AccessTokenResponseHttpMessageConverter converter = new OAuth2AccessTokenResponseHttpMessageConverter();

    TokenResponses() {
        DefaultOAuth2AccessTokenResponseMapConverter defaults = new DefaultOAuth2AccessTokenResponseMapConverter();
        converter.setAccessTokenResponseParametersConverter(response -> {
            Map<String, Object> parameters = new LinkedHashMap<>(defaults.convert(response));
            parameters.put("token_type", "bearer");
            return parameters;
        });
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
                                        Authentication authentication) throws IOException {
        OAuth2AccessTokenAuthenticationToken issued = (OAuth2AccessTokenAuthenticationToken) authentication;
        OAuth2AccessToken access = issued.getAccessToken();
        OAuth2RefreshToken refresh = issued.getRefreshToken();
        OAuth2AccessTokenResponse.Builder body = OAuth2AccessTokenResponse.withToken(access.getTokenValue())
                .tokenType(access.getTokenType())
                .scopes(access.getScopes());
        if (access.getIssuedAt() != null && access.getExpiresAt() != null) {
            body.expiresIn(ChronoUnit.SECONDS.between(access.getIssuedAt(), access.getExpiresAt()));
        }
        if (refresh != null) {
            body.refreshToken(refresh.getTokenValue());
        }
        if (!issued.getAdditionalParameters().isEmpty()) {
            body.additionalParameters(issued.getAdditionalParameters());
        }
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Pragma", "no-cache");
        converter.write(body.build(), null, new ServletServerHttpResponse(response));
    }
}
