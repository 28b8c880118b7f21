package dev.herald.admin;

import dev.herald.auth.AdminTwoFactor;
import dev.herald.auth.PlatformAdmins;
import dev.herald.auth.SignInThrottle;
import dev.herald.web.ProblemResponses;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The platform administration API's own chain, before the account API's: stateless HTTP Basic with a platform
 * administrator's e-mail and password (people of accounts and account tokens are refused), and a code of their
 * authenticator app when they have two-factor sign-in on ({@link OneTimeCodeCheck}), throttled by
 * {@link SignInThrottle} like the sign-in forms.
 */
@Configuration(proxyBeanMethods = false)
class AdminSecurityConfiguration {

    @Bean
    @Order(5)
    SecurityFilterChain platformAdministration(HttpSecurity http, PlatformAdmins admins, AdminTwoFactor twoFactor,
                                               PasswordEncoder passwords, SignInThrottle throttle,
                                               ProblemResponses problems) throws Exception {
        UserDetailsService onlyAdmins = email -> admins.find(email)
                .map(admin -> User.withUsername(admin.email()).password(admin.passwordHash())
                        .authorities(PlatformAdmins.AUTHORITY).build())
                .orElseThrow(() -> new UsernameNotFoundException("No such administrator"));
        DaoAuthenticationProvider provider = new DaoAuthenticationProvider(onlyAdmins);
        provider.setPasswordEncoder(passwords);
        return http
                .securityMatcher("/api/v1/admin/**")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authenticationManager(throttle.guarding(new ProviderManager(
                        new OneTimeCodeCheck(provider, admins, twoFactor))))
                .authorizeHttpRequests(auth -> auth.anyRequest().hasAuthority(PlatformAdmins.AUTHORITY))
                .httpBasic(basic -> basic.authenticationDetailsSource(OneTimeCodeCheck.DETAILS)
                        .authenticationEntryPoint((request, response, e) -> {
                    response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"Herald administration\"");
                    if (e instanceof OneTimeCodeCheck.CodeNeeded) {
                        response.setHeader(OneTimeCodeCheck.HEADER, "required");
                    }
                    problems.write(response, HttpStatus.UNAUTHORIZED, "Unauthorized", e instanceof
                            org.springframework.security.authentication.LockedException
                            || e instanceof OneTimeCodeCheck.CodeNeeded ? e.getMessage()
                            : "Platform administration needs HTTP Basic with an administrator's e-mail and password.");
                }))
                .exceptionHandling(ex -> ex.accessDeniedHandler((request, response, e) ->
                        problems.write(response, HttpStatus.FORBIDDEN, "Forbidden", "Only platform administrators.")))
                .build();
    }
}
