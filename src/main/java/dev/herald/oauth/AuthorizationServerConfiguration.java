package dev.herald.oauth;

import dev.herald.auth.BearerTokenCache;
import dev.herald.auth.SecondFactorStep;
import dev.herald.auth.SignInThrottle;
import dev.herald.auth.Users;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.config.annotation.authentication.configuration.AuthenticationConfiguration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenClaimsContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The OAuth 2.0 authorization server for partner apps (Spring Authorization Server, JDBC stores), at the
 * reference's paths. Two security chains come before the API's: the authorization server's endpoints, and
 * the session-based sign-in and consent pages a user goes through in the browser.
 */
@Configuration(proxyBeanMethods = false)
class AuthorizationServerConfiguration {

    static final String AUTHORIZE = "/uaa/oauth/authorize";
    static final String TOKEN = "/uaa/oauth/token";
    static final String CONSENT = "/oauth/consent";
    static final String LOGIN = "/login";
    /** The claim of an access token that names the account whose user consented. */
    static final String ACCOUNT_CLAIM = "herald_account_id";

    @Bean
    AuthorizationServerSettings authorizationServerSettings() {
        return AuthorizationServerSettings.builder()
                .authorizationEndpoint(AUTHORIZE)
                .tokenEndpoint(TOKEN)
                .tokenRevocationEndpoint("/uaa/oauth/revoke")
                .tokenIntrospectionEndpoint("/uaa/oauth/introspect")
                .jwkSetEndpoint("/uaa/oauth/jwks")
                .pushedAuthorizationRequestEndpoint("/uaa/oauth/par")
                .deviceAuthorizationEndpoint("/uaa/oauth/device_authorization")
                .deviceVerificationEndpoint("/uaa/oauth/device_verification")
                .build();
    }

    @Bean
    PartnerClients registeredClientRepository(JdbcOperations jdbc, OAuthProperties properties) {
        return new PartnerClients(jdbc, properties);
    }

    @Bean
    HashedTokenAuthorizations authorizationService(JdbcOperations jdbc, RegisteredClientRepository clients,
                                                   BearerTokenCache tokenCache) {
        return new HashedTokenAuthorizations(jdbc, clients, tokenCache);
    }

    @Bean
    OAuth2AuthorizationConsentService authorizationConsentService(JdbcOperations jdbc,
                                                                  RegisteredClientRepository clients) {
        return new JdbcOAuth2AuthorizationConsentService(jdbc, clients);
    }

    /** Pins the consenting user's account into the token when it is issued (and again on each refresh). */
    @Bean
    OAuth2TokenCustomizer<OAuth2TokenClaimsContext> accountClaim(Users users) {
        return context -> {
            if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
                users.find(context.getPrincipal().getName()).ifPresent(user ->
                        context.getClaims().claim(ACCOUNT_CLAIM, user.account().toString()));
            }
        };
    }

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServer(HttpSecurity http, PartnerClients clients,
                                            HashedTokenAuthorizations authorizations, JdbcClient jdbc,
                                            TransactionTemplate tx, Clock clock) throws Exception {
        http.oauth2AuthorizationServer(server -> {
                    http.securityMatcher(server.getEndpointsMatcher());
                    server.authorizationEndpoint(endpoint -> endpoint.consentPage(CONSENT));
                    server.tokenEndpoint(endpoint -> endpoint
                            .accessTokenResponseHandler(new TokenResponses())
                            .authenticationProviders(providers -> providers.replaceAll(provider ->
                                    provider instanceof OAuth2RefreshTokenAuthenticationProvider
                                            ? new RefreshTokenReplay(provider, authorizations, jdbc, tx) : provider)));
                    // Spring's own providers look the presented value up in the authorization, which holds its hash
                    server.tokenRevocationEndpoint(endpoint -> endpoint.authenticationProviders(providers -> {
                        providers.clear();
                        providers.add(new TokenRevocations(authorizations));
                    }));
                    server.tokenIntrospectionEndpoint(endpoint -> endpoint.authenticationProviders(providers -> {
                        providers.clear();
                        providers.add(new TokenIntrospections(authorizations, clients, clock));
                    }));
                })
                .authorizeHttpRequests(auth -> auth.anyRequest().authenticated())
                // A browser at the authorize endpoint signs in first; other callers are clients and get 401.
                .exceptionHandling(e -> e
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint(LOGIN),
                                PathPatternRequestMatcher.withDefaults().matcher(AUTHORIZE))
                        .defaultAuthenticationEntryPointFor(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED),
                                AnyRequestMatcher.INSTANCE))
                .addFilterBefore(new RedirectUriRule(AUTHORIZE, clients), SecurityContextHolderFilter.class)
                .addFilterBefore(new DefaultScopes(AUTHORIZE, clients), SecurityContextHolderFilter.class);
        return http.build();
    }

    /** Sign-in (form login against {@code app_user}, throttled) and the consent page; the logo is public. */
    @Bean
    @Order(2)
    SecurityFilterChain signIn(HttpSecurity http, SignInThrottle throttle, AuthenticationConfiguration authentication,
                               SecondFactorStep secondFactor) throws Exception {
        // People and administrators with two-factor sign-in on finish on the console's code page, then come back.
        SavedRequestAwareAuthenticationSuccessHandler back = new SavedRequestAwareAuthenticationSuccessHandler();
        return http
                .securityMatcher(LOGIN, "/logout", "/oauth/**")
                .authenticationManager(throttle.guarding(authentication.getAuthenticationManager()))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/oauth/apps/*/logo").permitAll()
                        .anyRequest().authenticated())
                .formLogin(form -> form.loginPage(LOGIN).permitAll()
                        .successHandler((request, response, signedIn) -> {
                            if (!secondFactor.holdBack(request, response, signedIn)) {
                                back.onAuthenticationSuccess(request, response, signedIn);
                            }
                        }))
                .build();
    }
}
