package dev.herald.oauth;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.Token;
import java.io.IOException;
import java.net.URI;

/**
 * A partner's back end written with a third-party OAuth 2.0 client library (the Nimbus OAuth 2.0 SDK), the
 * way a partner would write it from the RFCs and Herald's docs: HTTP Basic client authentication, PKCE.
 */
final class NimbusPartner {

    private final String base;
    private final OAuthTest.App app;
    private final ClientAuthentication credentials;

    NimbusPartner(String base, OAuthTest.App app) {
        this(base, app, app.clientSecret());
    }

    NimbusPartner(String base, OAuthTest.App app, String secret) {
        this.base = base;
        this.app = app;
        this.credentials = new ClientSecretBasic(new ClientID(app.clientId()), new Secret(secret));
    }

    /** The URL the partner sends the user's browser to. */
    URI authorizationRequest(State state, CodeVerifier verifier, String scope) {
        return new AuthorizationRequest.Builder(ResponseType.CODE, new ClientID(app.clientId()))
                .endpointURI(endpoint("/uaa/oauth/authorize"))
                .redirectionURI(URI.create(OAuthTest.CALLBACK))
                .scope(new Scope(scope))
                .state(state)
                .codeChallenge(verifier, CodeChallengeMethod.S256)
                .build()
                .toURI();
    }

    /** Reads the callback the browser was sent to, checking the state as a partner must. */
    AuthorizationCode code(URI callback, State state) {
        AuthorizationResponse response = call(() -> AuthorizationResponse.parse(callback));
        if (!response.indicatesSuccess()) {
            throw new AssertionError("authorization failed: " + response.toErrorResponse().getErrorObject());
        }
        if (!state.equals(response.getState())) {
            throw new AssertionError("state " + response.getState() + " is not " + state);
        }
        return response.toSuccessResponse().getAuthorizationCode();
    }

    TokenResponse exchange(AuthorizationCode code, CodeVerifier verifier) {
        return token(new AuthorizationCodeGrant(code, URI.create(OAuthTest.CALLBACK), verifier));
    }

    TokenResponse refresh(com.nimbusds.oauth2.sdk.token.RefreshToken refreshToken) {
        return token(new RefreshTokenGrant(refreshToken));
    }

    /** RFC 7009; the library sends {@code token_type_hint} from the token's class (none for a typeless one). */
    HTTPResponse revoke(Token token) {
        return call(() -> new TokenRevocationRequest(endpoint("/uaa/oauth/revoke"), credentials, token)
                .toHTTPRequest().send());
    }

    /** RFC 7662, as this partner app. */
    TokenIntrospectionSuccessResponse introspect(Token token) {
        TokenIntrospectionResponse response = call(() -> TokenIntrospectionResponse.parse(
                new TokenIntrospectionRequest(endpoint("/uaa/oauth/introspect"), credentials, token)
                        .toHTTPRequest().send()));
        if (!response.indicatesSuccess()) {
            throw new AssertionError("introspection failed: " + response.toErrorResponse().getErrorObject());
        }
        return response.toSuccessResponse();
    }

    private TokenResponse token(AuthorizationGrant grant) {
        return call(() -> TokenResponse.parse(new TokenRequest(endpoint("/uaa/oauth/token"), credentials, grant)
                .toHTTPRequest().send()));
    }

    private URI endpoint(String path) {
        return URI.create(base + path);
    }

    private interface Call<T> {
        T run() throws IOException, ParseException;
    }

    private static <T> T call(Call<T> call) {
        try {
            return call.run();
        } catch (IOException | ParseException e) {
            throw new IllegalStateException(e);
        }
    }
}
