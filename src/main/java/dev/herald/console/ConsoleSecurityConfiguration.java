package dev.herald.console;

import dev.herald.auth.SignInThrottle;
import dev.herald.auth.Users;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.authentication.configuration.AuthenticationConfiguration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The console's own chain, after the OAuth server's two and before the API's: a session cookie, form sign-in
 * with the account's users ({@code app_user}, the same people who consent to partner apps) throttled by
 * {@link SignInThrottle}, CSRF tokens on every form (htmx sends the token in a header). The API chain stays
 * stateless and bearer-only.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSecurityConfiguration implements WebMvcConfigurer {

    static final String LOGIN = "/console/login";

    private final Users users;

    ConsoleSecurityConfiguration(Users users) {
        this.users = users;
    }

    @Bean
    @Order(3)
    SecurityFilterChain console(HttpSecurity http, SignInThrottle throttle, AuthenticationConfiguration authentication)
            throws Exception {
        return http
                .securityMatcher("/console", "/console/**", "/console-assets/**", "/webjars/**")
                .authenticationManager(throttle.guarding(authentication.getAuthenticationManager()))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(LOGIN, "/console-assets/**", "/webjars/**").permitAll()
                        .anyRequest().authenticated())
                .formLogin(form -> form
                        .loginPage(LOGIN)
                        .loginProcessingUrl(LOGIN)
                        .defaultSuccessUrl("/console", false)
                        .failureUrl(LOGIN + "?error")
                        .permitAll())
                .logout(logout -> logout
                        .logoutUrl("/console/logout")
                        .logoutSuccessUrl(LOGIN + "?signedOut"))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(
                        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                                + "frame-ancestors 'none'; form-action 'self'")))
                .build();
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new ConsoleUserResolver(users));
    }
}
