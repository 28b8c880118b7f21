package dev.herald.auth;

import dev.herald.web.ProblemResponses;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The API is stateless and bearer-token only; docs, health and metrics are open. A token reaches only the
 * {@link ApiGroup}s it was granted (account API tokens: all). The OAuth 2.0 authorization server and its
 * sign-in pages have their own, earlier chains in {@code dev.herald.oauth}; this one takes the rest.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration implements WebMvcConfigurer {

    /** Webhooks carry providers' secrets in their Authorization header, which are not Herald API tokens. */
    private static final DefaultBearerTokenResolver API_TOKENS = new DefaultBearerTokenResolver();

    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    SecurityFilterChain api(HttpSecurity http, OpaqueTokenIntrospector introspector, ProblemResponses problems)
            throws Exception {
        return http
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/", "/error", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html",
                                "/actuator/health/**", "/actuator/prometheus", "/actuator/info").permitAll()
                        // Providers authenticate their webhooks with their own secrets, checked per provider.
                        .requestMatchers("/webhooks/**").permitAll()
                        // Short links are opened by the people who got the message.
                        .requestMatchers("/l/**").permitAll()
                        // Unsubscribe and opt-in confirmation links, signed per message (dev.herald.policy).
                        .requestMatchers("/u/**").permitAll()
                        .anyRequest().access(new ApiGroupAuthorization()))
                .oauth2ResourceServer(rs -> rs
                        .bearerTokenResolver(request -> request.getRequestURI().startsWith("/webhooks/")
                                || request.getRequestURI().startsWith("/l/")
                                || request.getRequestURI().startsWith("/u/") ? null : API_TOKENS.resolve(request))
                        .opaqueToken(token -> token.introspector(introspector))
                        .authenticationEntryPoint((request, response, e) -> {
                            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
                            problems.write(response, HttpStatus.UNAUTHORIZED, "Unauthorized",
                                    "A valid API token is required: Authorization: Bearer <token>.");
                        })
                        .accessDeniedHandler((request, response, e) ->
                                problems.write(response, HttpStatus.FORBIDDEN, "Forbidden", e.getMessage())))
                .build();
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new AccountIdArgumentResolver());
    }
}
