package dev.herald.console;

import dev.herald.auth.PlatformAdmins;
import dev.herald.auth.Right;
import dev.herald.auth.SecondFactorStep;
import dev.herald.auth.SignInThrottle;
import dev.herald.auth.SignedInCheck;
import dev.herald.auth.Users;
import dev.herald.sso.SsoRegistrations;
import dev.herald.sso.SsoSignIn;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.authentication.configuration.AuthenticationConfiguration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.oidc.authentication.OidcAuthorizationCodeAuthenticationProvider;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The console's own chain, after the OAuth server's two and before the API's: a session cookie, form sign-in
 * with the account's users ({@code app_user}, the same people who consent to partner apps) and platform
 * administrators, throttled by {@link SignInThrottle}, CSRF tokens on every form (htmx sends the token in a
 * header). Every page that changes something needs the {@link Right} of the person's role, checked here on the
 * server; each session is checked again on every request ({@link SignedInCheck}), so removal, a role change or
 * the account's suspension takes effect at once. The API chain stays stateless and bearer-only.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSecurityConfiguration implements WebMvcConfigurer {

    static final String LOGIN = "/console/login";
    /** Pages for people who are not signed in: following an e-mailed link, the first administrator's sign-up. */
    static final String[] OPEN = {LOGIN, "/console/invitation", TwoFactorPages.CODE, "/console/password/**", "/console/setup",
            SignupPages.PATH, SignupPages.PATH + "/**", SsoLogin.PATH, SsoRegistrations.AUTHORIZE + "/*", SsoRegistrations.CALLBACK + "/*",
            "/console-assets/**", "/webjars/**"};
    private static final String PERSON = "PERSON";

    private final Users users;

    ConsoleSecurityConfiguration(Users users) {
        this.users = users;
    }

    @Bean
    @Order(3)
    SecurityFilterChain console(HttpSecurity http, SignInThrottle throttle, AuthenticationConfiguration authentication,
                                UserDetailsService people, SecondFactorStep secondFactor,
                                SsoRegistrations registrations, SsoSignIn ssoPeople) throws Exception {
        SavedRequestAwareAuthenticationSuccessHandler toPage = new SavedRequestAwareAuthenticationSuccessHandler();
        toPage.setDefaultTargetUrl("/console");
        return http
                .securityMatcher("/console", "/console/**", "/console-assets/**", "/webjars/**")
                // passwords through the throttle; the identity provider's answer to a single sign-on by its own provider
                .authenticationManager(new ProviderManager(List.of(new OidcAuthorizationCodeAuthenticationProvider(
                        new RestClientAuthorizationCodeTokenResponseClient(), ssoPeople)),
                        throttle.guarding(authentication.getAuthenticationManager())))
                .addFilterBefore(new SignedInCheck(people), AuthorizationFilter.class)
                .addFilterAfter(new TwoFactorEnrolmentCheck(), SignedInCheck.class)
                .authorizeHttpRequests(auth -> rights(auth.requestMatchers(OPEN).permitAll()))
                .formLogin(form -> form
                        .loginPage(LOGIN)
                        .loginProcessingUrl(LOGIN)
                        .successHandler((request, response, signedIn) -> {
                            if (secondFactor.holdBack(request, response, signedIn)) {
                                return;
                            }
                            if (SecondFactorStep.isAdmin(signedIn)) {
                                response.sendRedirect(AdminAccountsPage.PATH);
                            } else {
                                toPage.onAuthenticationSuccess(request, response, signedIn);
                            }
                        })
                        .failureUrl(LOGIN + "?error")
                        .permitAll())
                // single sign-on: the account's identity provider signs the person in, then as a password would
                .oauth2Login(sso -> sso
                        .loginPage(LOGIN)
                        .clientRegistrationRepository(registrations)
                        .authorizationEndpoint(a -> a.baseUri(SsoRegistrations.AUTHORIZE))
                        .redirectionEndpoint(r -> r.baseUri(SsoRegistrations.CALLBACK + "/*"))
                        .userInfoEndpoint(u -> u.oidcUserService(ssoPeople))
                        .successHandler(new SsoLogin.Finish(people, secondFactor, toPage))
                        .failureHandler(SsoLogin::failed))
                .logout(logout -> logout
                        .logoutUrl("/console/logout")
                        .logoutSuccessUrl(LOGIN + "?signedOut"))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(
                        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                                + "frame-ancestors 'none'; form-action 'self'")))
                .build();
    }

    /**
     * Which right each changing page needs; reading is open to every person of the account. The pages that
     * only show a form for a change need the right of the change, so nobody is offered what they may not do.
     */
    private static void rights(
            AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry auth) {
        HttpMethod post = HttpMethod.POST;
        auth.requestMatchers("/console/admin", "/console/admin/**").hasAuthority(PlatformAdmins.AUTHORITY)
                .requestMatchers(post, "/console/providers/**", "/console/apps/**").hasAuthority(Right.PROVIDERS.authority())
                .requestMatchers("/console/providers/new", "/console/providers/new/**").hasAuthority(Right.PROVIDERS.authority())
                .requestMatchers(post, "/console/api/tokens/**").hasAuthority(Right.TOKENS.authority())
                .requestMatchers(post, "/console/oauth/**").hasAuthority(Right.PARTNER_APPS.authority())
                .requestMatchers(post, "/console/templates/preview").hasAuthority(PERSON)
                .requestMatchers(post, "/console/templates/**").hasAuthority(Right.TEMPLATES.authority())
                .requestMatchers("/console/templates/new").hasAuthority(Right.TEMPLATES.authority())
                .requestMatchers(post, "/console/sessions/*/reply", "/console/sessions/*/close", "/console/sessions/*/bot")
                        .hasAuthority(Right.SESSIONS.authority())
                .requestMatchers(post, "/console/tasks/**").hasAuthority(Right.SENDING.authority())
                .requestMatchers(post, "/console/routes", "/console/routes/**").hasAuthority(Right.PROVIDERS.authority())
                // counting a dynamic group's conditions while they are typed changes nothing
                .requestMatchers(post, "/console/groups/preview").hasAuthority(PERSON)
                .requestMatchers(post, "/console/groups", "/console/groups/**", "/console/broadcasts",
                        "/console/broadcasts/**").hasAuthority(Right.SENDING.authority())
                .requestMatchers(post, "/console/contacts/*/subscriptions").hasAuthority(Right.SENDING.authority())
                // workflows send messages: editing them (and the editor's preview) takes the sending right
                .requestMatchers(post, "/console/workflows", "/console/workflows/**").hasAuthority(Right.SENDING.authority())
                .requestMatchers("/console/workflows/new", "/console/workflows/*/edit", "/console/workflows/*/archive")
                        .hasAuthority(Right.SENDING.authority())
                .requestMatchers("/console/tasks/new", "/console/tasks/new/**").hasAuthority(Right.SENDING.authority())
                .requestMatchers(post, "/console/chats/**", "/console/bots/**").hasAuthority(Right.WEBHOOKS.authority())
                .requestMatchers("/console/chats/new", "/console/bots/new", "/console/chats/*/edit",
                        "/console/chats/*/delete", "/console/bots/*/delete").hasAuthority(Right.WEBHOOKS.authority())
                // the confirmation pages of destructive actions (Confirmation), as the forms of changes
                .requestMatchers("/console/providers/*/delete", "/console/apps/*/disconnect", "/console/routes/*/delete")
                .hasAuthority(Right.PROVIDERS.authority())
                .requestMatchers("/console/api/tokens/*/revoke").hasAuthority(Right.TOKENS.authority())
                .requestMatchers("/console/oauth/apps/*/delete", "/console/oauth/connected/*/disconnect")
                .hasAuthority(Right.PARTNER_APPS.authority())
                .requestMatchers("/console/templates/*/delete").hasAuthority(Right.TEMPLATES.authority())
                .requestMatchers("/console/tasks/*/delete", "/console/tasks/*/cancel", "/console/groups/*/delete",
                        "/console/broadcasts/*/cancel").hasAuthority(Right.SENDING.authority())
                .requestMatchers("/console/people/*/remove").hasAuthority(Right.PEOPLE.authority())
                .requestMatchers(post, "/console/people/**").hasAuthority(Right.PEOPLE.authority())
                .requestMatchers(post, AccountSettingsPage.PATH + "/**").hasAuthority(Right.SETTINGS.authority())
                .requestMatchers(AccountSettingsPage.PATH + "/sso/delete").hasAuthority(Right.SETTINGS.authority())
                .requestMatchers("/console/audit", "/console/audit/**").hasAuthority(Right.AUDIT.authority())
                .requestMatchers(post, TwoFactorPages.REQUIRE).hasAuthority("ROLE_OWNER")
                .requestMatchers(post, "/console/**").hasAuthority(PERSON)
                .anyRequest().hasAuthority(PERSON);
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new ConsoleUserResolver(users));
    }
}
