package dev.herald.channel.fcm;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.locks.ReentrantLock;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * OAuth 2.0 access tokens for one service account (RFC 7523 JWT bearer grant, as Google's server-to-server
 * flow): a JWT signed with the account's key is exchanged at its token URI. A token is reused until shortly
 * before it expires; when it must be renewed, one caller fetches while the others wait for its result, so a
 * burst of sends costs one token request.
 */
final class AccessTokens {

    static final String SCOPE = "https://www.googleapis.com/auth/firebase.messaging";
    private static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    private static final Duration ASSERTION_LIFETIME = Duration.ofHours(1);
    /** Renew this long before expiry, so a token never runs out between being read and being used. */
    private static final Duration RENEW_BEFORE = Duration.ofMinutes(2);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** After a failed fetch, callers get its error for this long instead of queueing up for one fetch each. */
    private static final Duration FAILURE_MEMORY = Duration.ofSeconds(5);

    /** A token Google issued, and when it stops working. */
    record AccessToken(String value, Instant expiresAt) {}

    /** The token endpoint refused or failed; {@code permanent} when asking again will not help (bad key). */
    static final class TokenException extends Exception {
        private final boolean permanent;

        TokenException(String message, boolean permanent) {
            super(message);
            this.permanent = permanent;
        }

        boolean permanent() {
            return permanent;
        }
    }

    private final ServiceAccount account;
    private final URI tokenUri;
    private final HttpClient http;
    private final JsonMapper json;
    private final Clock clock;
    private final ReentrantLock renewing = new ReentrantLock();
    private volatile AccessToken current;
    private TokenException lastFailure;
    private Instant lastFailureAt = Instant.MIN;

    AccessTokens(ServiceAccount account, HttpClient http, JsonMapper json, Clock clock) {
        this.account = account;
        this.tokenUri = URI.create(account.tokenUri());
        this.http = http;
        this.json = json;
        this.clock = clock;
    }

    /** A valid access token: the cached one, or a new one when it is missing or about to expire. */
    AccessToken get() throws TokenException, InterruptedException {
        AccessToken token = current;
        if (fresh(token)) {
            return token;
        }
        renewing.lockInterruptibly();
        try {
            // Whoever held the lock before may have renewed it already.
            token = current;
            if (fresh(token)) {
                return token;
            }
            if (lastFailure != null && clock.instant().isBefore(lastFailureAt.plus(FAILURE_MEMORY))) {
                throw lastFailure;
            }
            try {
                current = fetch();
                lastFailure = null;
                return current;
            } catch (TokenException e) {
                lastFailure = e;
                lastFailureAt = clock.instant();
                throw e;
            }
        } finally {
            renewing.unlock();
        }
    }

    /** Forgets {@code rejected} (the service said it is not valid), so the next {@link #get()} fetches anew. */
    void discard(AccessToken rejected) {
        renewing.lock();
        try {
            if (current == rejected) {
                current = null;
            }
        } finally {
            renewing.unlock();
        }
    }

    private boolean fresh(AccessToken token) {
        return token != null && clock.instant().isBefore(token.expiresAt().minus(RENEW_BEFORE));
    }

    private AccessToken fetch() throws TokenException, InterruptedException {
        Instant now = clock.instant();
        String form = "grant_type=" + URLEncoder.encode(GRANT_TYPE, StandardCharsets.UTF_8)
                + "&assertion=" + URLEncoder.encode(assertion(now), StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(tokenUri)
                .timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new TokenException("token endpoint " + account.tokenUri() + " unreachable: " + e, false);
        }
        int status = response.statusCode();
        JsonNode body = parse(response.body());
        if (status == 200 && body.path("access_token").isString()) {
            long expiresIn = body.path("expires_in").asLong(3600);
            return new AccessToken(body.path("access_token").asString(), now.plusSeconds(expiresIn));
        }
        String error = body.path("error").asString("HTTP " + status);
        String description = body.path("error_description").asString("");
        String detail = "token endpoint answered " + status + ": " + error + (description.isEmpty() ? "" : " (" + description + ")");
        // 400/401/403 mean the key or the account is wrong (invalid_grant, unauthorized_client): no retry helps.
        boolean permanent = status == 400 || status == 401 || status == 403;
        throw new TokenException(detail, permanent);
    }

    /** The signed JWT that asks for an FCM token (Google's "addendum" flow: iss, scope, aud, iat, exp). */
    private String assertion(Instant now) throws TokenException {
        JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT);
        if (account.privateKeyId() != null) {
            header.keyID(account.privateKeyId());
        }
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(account.clientEmail())
                .claim("scope", SCOPE)
                .audience(account.tokenUri())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ASSERTION_LIFETIME)))
                .build();
        SignedJWT jwt = new SignedJWT(header.build(), claims);
        try {
            jwt.sign(new RSASSASigner(account.privateKey()));
        } catch (JOSEException e) {
            throw new TokenException("could not sign with the service account's private key: " + e.getMessage(), true);
        }
        return jwt.serialize();
    }

    private JsonNode parse(String body) {
        try {
            JsonNode node = json.readTree(body == null || body.isBlank() ? "{}" : body);
            return node == null ? json.createObjectNode() : node;
        } catch (JacksonException e) {
            return json.createObjectNode();
        }
    }
}
