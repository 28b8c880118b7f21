package dev.herald.chat.widget;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The widget's own chain, before the API's: its script and its chat endpoints are called by visitors' browsers
 * on other sites, without an API token or cookies (so no CSRF), and only under {@code /widget/}. Who may call
 * what is decided by {@link WidgetOriginFilter} (the page's origin) and the visitor's token.
 */
@Configuration(proxyBeanMethods = false)
class WidgetSecurityConfiguration {

    @Bean
    @Order(4)
    SecurityFilterChain widget(HttpSecurity http) throws Exception {
        return http
                .securityMatcher("/widget/**")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .anonymous(anonymous -> {})
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                // The script is loaded by other sites' pages, and may be cached by them (revalidated by its
                // Last-Modified); the endpoints that must not be cached say so themselves. The frame page says
                // who may frame it (CSP frame-ancestors, the chat's allowed origins).
                .headers(headers -> headers.cacheControl(cache -> cache.disable())
                        .frameOptions(frame -> frame.disable())
                        .crossOriginResourcePolicy(policy -> policy.policy(
                        org.springframework.security.web.header.writers.CrossOriginResourcePolicyHeaderWriter
                                .CrossOriginResourcePolicy.CROSS_ORIGIN)))
                .build();
    }
}
