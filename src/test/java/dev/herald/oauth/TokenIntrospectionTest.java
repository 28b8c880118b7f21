package dev.herald.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import dev.herald.ApiClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** RFC 7662 at {@code POST /uaa/oauth/introspect}: a partner app asks about its own tokens. */
class TokenIntrospectionTest extends OAuthTest {

    @Test
    void anInactiveTokenIsDescribedByActiveFalseAlone() {
        App app = register(newAccount(), "messages");
        ApiClient.Response unknown = formPost("/uaa/oauth/introspect", app, app.clientSecret(), "token", "no-such-token");
        assertThat(unknown.status()).as(unknown.text()).isEqualTo(200);
        assertThat(unknown.json().propertyNames()).containsExactly("active");
        assertThat(unknown.json().get("active").asBoolean()).isFalse();
    }

    @Test
    void anotherAppsTokenIsInactiveForIt() {
        App app = register(newAccount(), "messages");
        App other = register(newAccount(), "messages");
        JsonNode tokens = tokensFor(newPerson(), app);

        ApiClient.Response asOther = formPost("/uaa/oauth/introspect", other, other.clientSecret(),
                "token", tokens.get("access_token").asString());
        assertThat(asOther.json().propertyNames()).containsExactly("active");
        assertThat(asOther.json().get("active").asBoolean()).isFalse();
        assertThat(new NimbusPartner(base(), other).introspect(new RefreshToken(tokens.get("refresh_token").asString()))
                .isActive()).isFalse();
        assertThat(new NimbusPartner(base(), app).introspect(new BearerAccessToken(tokens.get("access_token").asString()))
                .isActive()).isTrue();
    }

    @Test
    void expiredTokensAreInactive() {
        App app = register(newAccount(), "messages");
        JsonNode tokens = tokensFor(newPerson(), app);
        String access = tokens.get("access_token").asString();
        String refresh = tokens.get("refresh_token").asString();
        NimbusPartner partner = new NimbusPartner(base(), app);
        assertThat(partner.introspect(new BearerAccessToken(access)).isActive()).isTrue();

        jdbc.sql("UPDATE oauth2_authorization SET access_token_issued_at = now() - interval '3 days', "
                + "access_token_expires_at = now() - interval '1 second' WHERE access_token_value = ?")
                .param(HashedTokenAuthorizations.hash(access)).update();
        assertThat(partner.introspect(new BearerAccessToken(access)).isActive()).isFalse();
        assertThat(partner.introspect(new RefreshToken(refresh)).isActive()).isTrue();

        jdbc.sql("UPDATE oauth2_authorization SET refresh_token_issued_at = now() - interval '31 days', "
                + "refresh_token_expires_at = now() - interval '1 second' WHERE refresh_token_value = ?")
                .param(HashedTokenAuthorizations.hash(refresh)).update();
        assertThat(partner.introspect(new RefreshToken(refresh)).isActive()).isFalse();
    }

    @Test
    void theScopeIsWhatTheApiWouldGrantNow() {
        Developer developer = newDeveloper();
        App app = register(developer.api(), "messages", "events");
        Person person = newPerson();
        java.net.URI callback = authorize(person, app, "&scope=" + Browser.encode("messages events"));
        JsonNode tokens = exchange(app, query(callback).get("code")).json();
        BearerAccessToken access = new BearerAccessToken(tokens.get("access_token").asString());
        NimbusPartner partner = new NimbusPartner(base(), app);
        assertThat(partner.introspect(access).getScope()).isEqualTo(new Scope("events", "messages"));

        assertThat(patch(developer, app.id(), "{\"scopes\": [\"events\"]}").status()).isEqualTo(200);
        TokenIntrospectionSuccessResponse narrowed = partner.introspect(access);
        assertThat(narrowed.isActive()).isTrue();
        assertThat(narrowed.getScope()).isEqualTo(new Scope("events"));
        assertThat(bearer(access.getValue()).get("/api/v1/messages").status()).isEqualTo(403);
    }

    @Test
    void introspectionNeedsClientAuthentication() {
        App app = register(newAccount(), "messages");
        String access = tokensFor(newPerson(), app).get("access_token").asString();
        assertThat(formPost("/uaa/oauth/introspect", app, null, "token", access).status()).isEqualTo(401);
        assertThat(formPost("/uaa/oauth/introspect", app, "not-the-secret", "token", access).status()).isEqualTo(401);
        // a token does not authenticate its own introspection: that would hand the answer to whoever holds it
        ApiClient.Response byBearer = send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(base() + "/uaa/oauth/introspect"))
                .header("Authorization", "Bearer " + access)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("token=" + Browser.encode(access)))
                .build());
        assertThat(byBearer.status()).isEqualTo(401);
    }

    @Test
    void aDisconnectedAppsTokensAreInactive() {
        App app = register(newAccount(), "messages");
        Person person = newPerson();
        String access = tokensFor(person, app).get("access_token").asString();
        assertThat(person.api().delete("/api/v1/connected-apps/" + app.clientId()).status()).isEqualTo(204);
        assertThat(new NimbusPartner(base(), app).introspect(new BearerAccessToken(access)).isActive()).isFalse();
    }
}
