package dev.herald.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.TypelessToken;
import dev.herald.ApiClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** RFC 7009 at {@code POST /uaa/oauth/revoke}, driven by the Nimbus client library and by hand. */
class TokenRevocationTest extends OAuthTest {

    @Test
    void aRevokedAccessTokenGets401AtOnce() {
        App app = register(newAccount(), "messages");
        JsonNode tokens = tokensFor(newPerson(), app);
        String access = tokens.get("access_token").asString();
        assertThat(bearer(access).get("/api/v1/messages").status()).isEqualTo(200);

        HTTPResponse revoked = new NimbusPartner(base(), app).revoke(new BearerAccessToken(access));
        assertThat(revoked.getStatusCode()).as(revoked.getBody()).isEqualTo(200);
        ApiClient.Response after = bearer(access).get("/api/v1/messages");
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.header("Content-Type")).startsWith("application/problem+json");
        // revoking again, or any token the server does not know, is a 200 as well
        assertThat(new NimbusPartner(base(), app).revoke(new BearerAccessToken(access)).getStatusCode()).isEqualTo(200);
        assertThat(new NimbusPartner(base(), app).revoke(new BearerAccessToken("no-such-token")).getStatusCode())
                .isEqualTo(200);
    }

    @Test
    void revokingTheRefreshTokenRevokesTheAccessTokenToo() {
        App app = register(newAccount(), "messages");
        JsonNode tokens = tokensFor(newPerson(), app);
        String access = tokens.get("access_token").asString();
        String refresh = tokens.get("refresh_token").asString();

        assertThat(new NimbusPartner(base(), app).revoke(new RefreshToken(refresh)).getStatusCode()).isEqualTo(200);
        assertThat(bearer(access).get("/api/v2/version").status()).isEqualTo(401);
        ApiClient.Response refreshed = tokenRequest(app, app.clientSecret(), "grant_type", "refresh_token",
                "refresh_token", refresh);
        assertThat(refreshed.status()).isEqualTo(400);
        assertThat(refreshed.json().get("error").asString()).isEqualTo("invalid_grant");
    }

    @Test
    void aWrongOrMissingHintStillFindsTheToken() {
        App app = register(newAccount(), "messages");
        NimbusPartner partner = new NimbusPartner(base(), app);

        // the refresh token sent as if it were an access token
        JsonNode first = tokensFor(newPerson(), app);
        assertThat(partner.revoke(new BearerAccessToken(first.get("refresh_token").asString())).getStatusCode())
                .isEqualTo(200);
        assertThat(bearer(first.get("access_token").asString()).get("/api/v2/version").status()).isEqualTo(401);

        // the access token sent as a refresh token, and one with no hint at all
        JsonNode second = tokensFor(newPerson(), app);
        assertThat(partner.revoke(new RefreshToken(second.get("access_token").asString())).getStatusCode())
                .isEqualTo(200);
        assertThat(bearer(second.get("access_token").asString()).get("/api/v2/version").status()).isEqualTo(401);
        JsonNode third = tokensFor(newPerson(), app);
        assertThat(partner.revoke(new TypelessToken(third.get("access_token").asString())).getStatusCode())
                .isEqualTo(200);
        assertThat(bearer(third.get("access_token").asString()).get("/api/v2/version").status()).isEqualTo(401);

        // an unknown hint is ignored (RFC 7009 §2.1)
        JsonNode fourth = tokensFor(newPerson(), app);
        ApiClient.Response byHand = formPost("/uaa/oauth/revoke", app, app.clientSecret(),
                "token", fourth.get("access_token").asString(), "token_type_hint", "something_else");
        assertThat(byHand.status()).as(byHand.text()).isEqualTo(200);
        assertThat(bearer(fourth.get("access_token").asString()).get("/api/v2/version").status()).isEqualTo(401);
    }

    @Test
    void anAppCannotRevokeAnotherAppsToken() throws Exception {
        App app = register(newAccount(), "messages");
        App other = register(newAccount(), "messages");
        String access = tokensFor(newPerson(), app).get("access_token").asString();

        HTTPResponse refused = new NimbusPartner(base(), other).revoke(new BearerAccessToken(access));
        assertThat(refused.getStatusCode()).isEqualTo(400);
        assertThat(TokenErrorResponse.parse(refused).getErrorObject().getCode())
                .isEqualTo(OAuth2Error.UNAUTHORIZED_CLIENT_CODE);
        assertThat(bearer(access).get("/api/v2/version").status()).isEqualTo(200);
    }

    @Test
    void revocationNeedsClientAuthentication() {
        App app = register(newAccount(), "messages");
        String access = tokensFor(newPerson(), app).get("access_token").asString();

        HTTPResponse wrongSecret = new NimbusPartner(base(), app, "not-the-secret")
                .revoke(new BearerAccessToken(access));
        assertThat(wrongSecret.getStatusCode()).isEqualTo(401);
        ApiClient.Response anonymous = formPost("/uaa/oauth/revoke", app, null, "token", access);
        assertThat(anonymous.status()).isEqualTo(401);
        ApiClient.Response clientIdOnly = formPost("/uaa/oauth/revoke", app, null, "token", access,
                "client_id", app.clientId());
        assertThat(clientIdOnly.status()).isEqualTo(401);
        assertThat(bearer(access).get("/api/v2/version").status()).isEqualTo(200);

        ApiClient.Response noToken = formPost("/uaa/oauth/revoke", app, app.clientSecret());
        assertThat(noToken.status()).isEqualTo(400);
        assertThat(noToken.json().get("error").asString()).isEqualTo("invalid_request");
    }

    @Test
    void theStoredHashOfATokenIsNotAToken() {
        App app = register(newAccount(), "messages");
        String access = tokensFor(newPerson(), app).get("access_token").asString();
        String stored = HashedTokenAuthorizations.hash(access);
        assertThat(jdbc.sql("SELECT count(*) FROM oauth2_authorization WHERE access_token_value = ?")
                .param(stored).query(Long.class).single()).isEqualTo(1);

        assertThat(bearer(stored).get("/api/v2/version").status()).isEqualTo(401);
        assertThat(new NimbusPartner(base(), app).introspect(new BearerAccessToken(stored)).isActive()).isFalse();
        assertThat(new NimbusPartner(base(), app).revoke(new BearerAccessToken(stored)).getStatusCode()).isEqualTo(200);
        assertThat(bearer(access).get("/api/v2/version").status()).isEqualTo(200);
    }
}
