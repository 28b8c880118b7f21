package dev.herald.auth;

import java.util.ArrayList;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * How people sign in (form login: the console and the OAuth consent screen): their passwords and the lookup of
 * {@link Users}, then of {@link PlatformAdmins}. A person holds {@code PERSON}, {@code ROLE_<role>} and one
 * {@link Right#authority()} per right of their role; a person who has not accepted their invitation, or whose
 * account is not active, is disabled. The same encoder hashes partner apps' client secrets.
 */
@Configuration(proxyBeanMethods = false)
class UserSignIn {

    /** The authority every person of an account holds (a platform administrator holds none of theirs). */
    static final String PERSON = "PERSON";

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
    UserDetailsService userDetailsService(Users users, Accounts accounts, PlatformAdmins admins) {
        return username -> users.find(username).map(user -> person(user, accounts.active(user.account())))
                .or(() -> admins.find(username).map(admin -> User.withUsername(admin.email())
                        .password(admin.passwordHash()).authorities(PlatformAdmins.AUTHORITY).build()))
                .orElseThrow(() -> new UsernameNotFoundException("No such user"));
    }

    private static UserDetails person(Users.User user, boolean accountActive) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        authorities.add(new SimpleGrantedAuthority(PERSON));
        authorities.add(new SimpleGrantedAuthority("ROLE_" + user.role().name()));
        user.role().rights().forEach(right -> authorities.add(new SimpleGrantedAuthority(right.authority())));
        return User.withUsername(user.username())
                // no password (invited, or single sign-on only): a hash no password matches
                .password(user.passwordHash() == null ? "{bcrypt}" : user.passwordHash())
                .authorities(authorities)
                .disabled(user.status() != Users.Status.ACTIVE || !accountActive)
                .build();
    }
}
