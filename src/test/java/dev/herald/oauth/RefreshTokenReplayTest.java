package dev.herald.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Refresh tokens rotate, and one used twice revokes its whole token family (RFC 9700 §4.14.2). */
class RefreshTokenReplayTest extends OAuthTest {

    @Test
    void aReplayedRefreshTokenRevokesTheCurrentTokens() {
        App app = register(newAccount(), "messages");
        JsonNode first = tokensFor(newPerson(), app);
        JsonNode second = refresh(app, first.get("refresh_token").asString()).json();
        JsonNode third = refresh(app, second.get("refresh_token").asString()).json();
        String access = third.get("access_token").asString();
        assertThat(bearer(access).get("/api/v1/messages").status()).isEqualTo(200);

        // the thief (or a confused partner) presents a token that was already exchanged
        ApiClient.Response replayed = refresh(app, second.get("refresh_token").asString());
        assertThat(replayed.status()).isEqualTo(400);
        assertThat(replayed.json().get("error").asString()).isEqualTo("invalid_grant");

        assertThat(bearer(access).get("/api/v1/messages").status()).isEqualTo(401);
        ApiClient.Response current = refresh(app, third.get("refresh_token").asString());
        assertThat(current.status()).isEqualTo(400);
        assertThat(current.json().get("error").asString()).isEqualTo("invalid_grant");
        assertThat(refresh(app, first.get("refresh_token").asString()).status()).isEqualTo(400);
    }

    @Test
    void twoSimultaneousUsesOfOneRefreshTokenAreOneUseAndOneReplay() throws Exception {
        App app = register(newAccount(), "messages");
        String refresh = tokensFor(newPerson(), app).get("refresh_token").asString();
        CyclicBarrier start = new CyclicBarrier(2);
        List<CompletableFuture<ApiClient.Response>> racing = List.of(1, 2).stream()
                .map(i -> CompletableFuture.supplyAsync(() -> {
                    await(start);
                    return refresh(app, refresh);
                }))
                .toList();
        List<ApiClient.Response> answers = racing.stream().map(CompletableFuture::join).toList();

        assertThat(answers).extracting(ApiClient.Response::status).containsExactlyInAnyOrder(200, 400);
        JsonNode winner = answers.stream().filter(r -> r.status() == 200).findFirst().orElseThrow().json();
        assertThat(bearer(winner.get("access_token").asString()).get("/api/v2/version").status()).isEqualTo(401);
        assertThat(refresh(app, winner.get("refresh_token").asString()).status()).isEqualTo(400);
    }

    @Test
    void aRefusedRefreshDoesNotUseTheToken() {
        App app = register(newAccount(), "messages");
        App other = register(newAccount(), "messages");
        JsonNode tokens = tokensFor(newPerson(), app);
        String refresh = tokens.get("refresh_token").asString();

        assertThat(refresh(other, refresh).status()).isEqualTo(400);
        assertThat(tokenRequest(app, "not-the-secret", "grant_type", "refresh_token", "refresh_token", refresh)
                .status()).isEqualTo(401);
        assertThat(bearer(tokens.get("access_token").asString()).get("/api/v2/version").status()).isEqualTo(200);
        ApiClient.Response own = refresh(app, refresh);
        assertThat(own.status()).as(own.text()).isEqualTo(200);
        assertThat(bearer(own.json().get("access_token").asString()).get("/api/v2/version").status()).isEqualTo(200);
    }

    @Test
    void usedTokensAreKeptOnlyAsHashesAndGoWithTheirAuthorization() {
        App app = register(newAccount(), "messages");
        Person person = newPerson();
        String used = tokensFor(person, app).get("refresh_token").asString();
        assertThat(refresh(app, used).status()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT count(*) FROM oauth2_rotated_refresh_token WHERE token_hash = ?")
                .param(HashedTokenAuthorizations.hash(used)).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM oauth2_rotated_refresh_token WHERE token_hash = ?")
                .param(used).query(Long.class).single()).isZero();

        assertThat(person.api().delete("/api/v1/connected-apps/" + app.clientId()).status()).isEqualTo(204);
        assertThat(jdbc.sql("SELECT count(*) FROM oauth2_rotated_refresh_token WHERE token_hash = ?")
                .param(HashedTokenAuthorizations.hash(used)).query(Long.class).single()).isZero();
    }

    private ApiClient.Response refresh(App app, String refreshToken) {
        return tokenRequest(app, app.clientSecret(), "grant_type", "refresh_token", "refresh_token", refreshToken);
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
