package dev.herald.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.AccessTokenType;
import com.nimbusds.oauth2.sdk.token.Tokens;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A partner's whole life with Herald, written with a third-party client library (Nimbus OAuth 2.0 SDK):
 * the code flow with PKCE, tokens, the API, introspection, refresh with rotation, a replayed refresh token
 * and revocation.
 */
class ThirdPartyClientTest extends OAuthTest {

    @Test
    void aPartnerWrittenWithNimbusGoesThroughTheWholeFlow() {
        App app = register(newAccount(), "messages", "events");
        Person person = newPerson();
        NimbusPartner partner = new NimbusPartner(base(), app);

        State state = new State();
        CodeVerifier verifier = new CodeVerifier();
        AuthorizationCode code = partner.code(
                authorizeAt(person, app, partner.authorizationRequest(state, verifier, "messages").toString()), state);

        Tokens tokens = success(partner.exchange(code, verifier)).getTokens();
        assertThat(tokens.getAccessToken().getScope()).isEqualTo(new Scope("messages"));
        assertThat(tokens.getRefreshToken()).isNotNull();
        assertThat(bearer(tokens.getAccessToken().getValue()).get("/api/v1/messages").status()).isEqualTo(200);

        TokenIntrospectionSuccessResponse access = partner.introspect(tokens.getAccessToken());
        assertThat(access.isActive()).isTrue();
        assertThat(access.getScope()).isEqualTo(new Scope("messages"));
        assertThat(access.getClientID().getValue()).isEqualTo(app.clientId());
        assertThat(access.getSubject().getValue()).isEqualTo(person.username());
        assertThat(access.getTokenType()).isEqualTo(AccessTokenType.BEARER);
        assertThat(access.getIssueTime().toInstant()).isBefore(Instant.now().plusSeconds(1));
        assertThat(access.getExpirationTime().toInstant())
                .isBetween(Instant.now().plusSeconds(172_700), Instant.now().plusSeconds(172_801));
        assertThat(access.getParameters()).doesNotContainKey(AuthorizationServerConfiguration.ACCOUNT_CLAIM);

        TokenIntrospectionSuccessResponse refresh = partner.introspect(tokens.getRefreshToken());
        assertThat(refresh.isActive()).isTrue();
        assertThat(refresh.getClientID().getValue()).isEqualTo(app.clientId());
        assertThat(refresh.getTokenType().getValue()).isEqualTo("refresh_token");
        assertThat(refresh.getExpirationTime().toInstant()).isAfter(Instant.now().plusSeconds(2_500_000));

        // refresh: a new pair, the old one stops working at once
        Tokens rotated = success(partner.refresh(tokens.getRefreshToken())).getTokens();
        assertThat(rotated.getRefreshToken()).isNotEqualTo(tokens.getRefreshToken());
        assertThat(bearer(tokens.getAccessToken().getValue()).get("/api/v2/version").status()).isEqualTo(401);
        assertThat(partner.introspect(tokens.getAccessToken()).isActive()).isFalse();
        assertThat(partner.introspect(tokens.getRefreshToken()).isActive()).isFalse();
        assertThat(bearer(rotated.getAccessToken().getValue()).get("/api/v2/version").status()).isEqualTo(200);

        // revoking the access token leaves the refresh token: the partner can get a new access token
        assertThat(partner.revoke(rotated.getAccessToken()).getStatusCode()).isEqualTo(200);
        assertThat(bearer(rotated.getAccessToken().getValue()).get("/api/v2/version").status()).isEqualTo(401);
        assertThat(partner.introspect(rotated.getAccessToken()).isActive()).isFalse();
        Tokens third = success(partner.refresh(rotated.getRefreshToken())).getTokens();
        assertThat(bearer(third.getAccessToken().getValue()).get("/api/v2/version").status()).isEqualTo(200);

        // the first refresh token again: a replay, so the current pair is revoked with it
        TokenResponse replayed = partner.refresh(tokens.getRefreshToken());
        assertThat(replayed.indicatesSuccess()).isFalse();
        assertThat(replayed.toErrorResponse().getErrorObject().getCode()).isEqualTo(OAuth2Error.INVALID_GRANT_CODE);
        assertThat(bearer(third.getAccessToken().getValue()).get("/api/v2/version").status()).isEqualTo(401);
        assertThat(partner.introspect(third.getAccessToken()).isActive()).isFalse();
        assertThat(partner.introspect(third.getRefreshToken()).isActive()).isFalse();
        assertThat(partner.refresh(third.getRefreshToken()).indicatesSuccess()).isFalse();

        // the user authorizes again, and the partner revokes the refresh token: both tokens stop working
        State again = new State();
        CodeVerifier verifier2 = new CodeVerifier();
        Tokens fresh = success(partner.exchange(partner.code(authorizeAt(person, app,
                partner.authorizationRequest(again, verifier2, "messages").toString()), again), verifier2)).getTokens();
        assertThat(bearer(fresh.getAccessToken().getValue()).get("/api/v2/version").status()).isEqualTo(200);
        assertThat(partner.revoke(fresh.getRefreshToken()).getStatusCode()).isEqualTo(200);
        assertThat(bearer(fresh.getAccessToken().getValue()).get("/api/v2/version").status()).isEqualTo(401);
        assertThat(partner.refresh(fresh.getRefreshToken()).toErrorResponse().getErrorObject().getCode())
                .isEqualTo(OAuth2Error.INVALID_GRANT_CODE);
        assertThat(partner.introspect(fresh.getRefreshToken()).isActive()).isFalse();
    }

    static AccessTokenResponse success(TokenResponse response) {
        assertThat(response.indicatesSuccess())
                .as(() -> String.valueOf(response.toErrorResponse().getErrorObject())).isTrue();
        return response.toSuccessResponse();
    }
}
