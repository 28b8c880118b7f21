package oidcprovider;

import java.util.Map;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet.OAuth2AuthorizationServerAutoConfiguration;
import org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet.OAuth2AuthorizationServerJwtAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * A real OpenID Connect provider for single sign-on tests: a second Spring application (Spring Authorization
 * Server with Boot's defaults, OIDC on) on a random port, with one client and users who sign in with its own
 * form. Outside {@code dev.herald} so Herald's component scan never finds it; its own configuration name so it
 * reads none of Herald's {@code application.yml}. The ID token carries {@code email} (the username with
 * {@code @<domain>}) and {@code email_verified}.
 */
public class TestOidcProvider {

    public static final String CLIENT_ID = "herald";
    public static final String CLIENT_SECRET = "herald-client-secret";
    public static final String PASSWORD = "idp-password";

    private final ConfigurableApplicationContext context;

    private TestOidcProvider(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Starts the provider on 127.0.0.1 (Herald's tests use localhost, so the two keep their cookies apart). */
    public static TestOidcProvider start(String user, String domain, String redirectUri) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(Config.class)
                .properties(Map.of(
                        "spring.config.name", "test-oidc-provider",
                        "server.port", "0",
                        "server.address", "127.0.0.1",
                        "server.servlet.session.cookie.name", "IDPSESSION",
                        "spring.security.user.name", user,
                        "spring.security.user.password", PASSWORD,
                        "test-oidc.domain", domain,
                        "spring.security.oauth2.authorizationserver.client.herald.registration.client-id", CLIENT_ID,
                        "spring.security.oauth2.authorizationserver.client.herald.registration.client-secret",
                        "{noop}" + CLIENT_SECRET))
                .properties(Map.of(
                        "spring.security.oauth2.authorizationserver.client.herald.registration.client-authentication-methods",
                        "client_secret_basic",
                        "spring.security.oauth2.authorizationserver.client.herald.registration.authorization-grant-types",
                        "authorization_code",
                        "spring.security.oauth2.authorizationserver.client.herald.registration.redirect-uris", redirectUri,
                        "spring.security.oauth2.authorizationserver.client.herald.registration.scopes",
                        "openid,email,profile",
                        "spring.security.oauth2.authorizationserver.client.herald.require-authorization-consent", "false"))
                .run();
        return new TestOidcProvider(context);
    }

    public String issuer() {
        return "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public void stop() {
        context.close();
    }

    /** The provider's beans: the ID token's e-mail claims. */
    @SpringBootConfiguration
    @ImportAutoConfiguration({TomcatServletWebServerAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
            WebMvcAutoConfiguration.class, ErrorMvcAutoConfiguration.class, SecurityAutoConfiguration.class,
            ServletWebSecurityAutoConfiguration.class, SecurityFilterAutoConfiguration.class,
            UserDetailsServiceAutoConfiguration.class, OAuth2AuthorizationServerAutoConfiguration.class,
            OAuth2AuthorizationServerJwtAutoConfiguration.class})
    static class Config {

        @Bean
        OAuth2TokenCustomizer<JwtEncodingContext> emailClaims(
                @org.springframework.beans.factory.annotation.Value("${test-oidc.domain}") String domain) {
            return context -> {
                if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
                    context.getClaims().claim("email", context.getPrincipal().getName() + "@" + domain)
                            .claim("email_verified", true);
                }
            };
        }
    }
}
