package dev.herald.callback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Each account has its own callback secret: made on first use, stored encrypted, rotatable. */
class CallbackSecretTest extends HeraldTest {

    @Test
    void theSecretIsMadeOnFirstUseAndThenStaysTheSame() {
        ApiClient api = newAccount();

        JsonNode first = api.get("/api/v1/callbacks/secret").json();
        JsonNode second = api.get("/api/v1/callbacks/secret").json();

        assertThat(first.get("secret").asString()).matches("hcs_[A-Za-z0-9_-]{43}");
        assertThat(second.get("secret").asString()).isEqualTo(first.get("secret").asString());
        assertThat(first.get("createdAt").asString()).isNotBlank();
    }

    @Test
    void theSecretIsStoredEncrypted() {
        ApiClient api = newAccount();
        String secret = api.get("/api/v1/callbacks/secret").json().get("secret").asString();

        String stored = jdbc.sql("SELECT sealed_secret FROM callback_secret ORDER BY created_at DESC LIMIT 1")
                .query(String.class).single();
        assertThat(stored).startsWith("v1.").doesNotContain(secret).doesNotContain(secret.substring(4));
    }

    @Test
    void rotatingReplacesTheSecret() {
        ApiClient api = newAccount();
        String before = api.get("/api/v1/callbacks/secret").json().get("secret").asString();

        ApiClient.Response rotated = api.post("/api/v1/callbacks/secret/rotate", "");

        assertThat(rotated.status()).isEqualTo(200);
        String after = rotated.json().get("secret").asString();
        assertThat(after).isNotEqualTo(before);
        assertThat(api.get("/api/v1/callbacks/secret").json().get("secret").asString()).isEqualTo(after);
    }

    @Test
    void accountsHaveDifferentSecretsAndNeedAToken() {
        String one = newAccount().get("/api/v1/callbacks/secret").json().get("secret").asString();
        String two = newAccount().get("/api/v1/callbacks/secret").json().get("secret").asString();

        assertThat(one).isNotEqualTo(two);
        assertThat(anonymous().get("/api/v1/callbacks/secret").status()).isEqualTo(401);
        assertThat(anonymous().post("/api/v1/callbacks/secret/rotate", "").status()).isEqualTo(401);
    }
}
