package dev.herald.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ApiTokenTest extends HeraldTest {

    @Test
    void anAccountCreatesListsAndRevokesItsTokens() {
        ApiClient api = newAccount();

        ApiClient.Response created = api.post("/api/v1/tokens", "{\"name\":\"ci\"}");
        assertThat(created.status()).isEqualTo(201);
        String token = created.json().get("token").asString();
        String id = created.json().get("id").asString();
        ApiClient second = api.as(token);
        assertThat(second.get("/api/v1/messages").status()).isEqualTo(200);

        JsonNode listed = api.get("/api/v1/tokens").json();
        assertThat(listed.size()).isEqualTo(2);
        assertThat(listed.toString()).doesNotContain(token);
        assertThat(listed.get(1).get("hint").asString()).startsWith(token.substring(0, 6));

        assertThat(api.delete("/api/v1/tokens/" + id).status()).isEqualTo(204);
        assertThat(second.get("/api/v1/messages").status()).isEqualTo(401);
        assertThat(api.delete("/api/v1/tokens/" + id).status()).isEqualTo(404);
    }

    @Test
    void tokensAreStoredOnlyAsHashes() {
        ApiClient api = newAccount();
        String token = api.post("/api/v1/tokens", "{\"name\":\"x\"}").json().get("token").asString();
        long plain = jdbc.sql("SELECT count(*) FROM api_token WHERE token_hash = ? OR token_hint = ?")
                .params(token, token).query(Long.class).single();
        assertThat(plain).isZero();
    }

    @Test
    void anotherAccountsTokenCannotBeRevoked() {
        ApiClient a = newAccount();
        ApiClient b = newAccount();
        String id = a.post("/api/v1/tokens", "{}").json().get("id").asString();
        assertThat(b.delete("/api/v1/tokens/" + id).status()).isEqualTo(404);
        assertThat(b.get("/api/v1/tokens").json().size()).isEqualTo(1);
    }
}
