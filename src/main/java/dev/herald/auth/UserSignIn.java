package dev.herald.auth;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * How people sign in (form login, used by the OAuth consent screen): their passwords and the lookup of
 * {@link Users}. The same encoder hashes partner apps' client secrets.
 */
@Configuration(proxyBeanMethods = false)
class UserSignIn {

    /** bcrypt for new hashes; reads any {@code {id}hash} Spring knows. */
    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /**
     * Spring's own {@link User} as the principal on purpose: the authorization server stores the signed-in
     * principal as JSON and reads back only types it knows.
     */
    @Bean
    UserDetailsService userDetailsService(Users users) {
        return username -> users.find(username)
                .map(user -> User.withUsername(user.username()).password(user.passwordHash()).roles("USER").build())
                .orElseThrow(() -> new UsernameNotFoundException("No such user"));
    }
}
