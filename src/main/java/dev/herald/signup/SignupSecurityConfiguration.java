package dev.herald.signup;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The sign-up API's own chain, before the account API's: nobody has a token yet, so it is open and stateless;
 * {@link Signups} answers 404 while sign-up is off and throttles it while on.
 */
@Configuration(proxyBeanMethods = false)
class SignupSecurityConfiguration {

    @Bean
    @Order(6)
    SecurityFilterChain signup(HttpSecurity http) throws Exception {
        return http
                .securityMatcher("/api/v1/signup", "/api/v1/signup/**")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .build();
    }
}
