package dev.herald.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import dev.herald.SecondNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The per-node cache of token lookups: a token revoked on one node is refused on every other node within a
 * second, whether it was revoked through the API or by SQL, and a token whose account is deleted goes with it.
 */
class TokenCacheTest extends HeraldTest {

    private static SecondNode nodeB;

    @Autowired
    EmbeddedPostgres postgres;
    @Autowired
    BearerTokenCache cache;

    @BeforeAll
    static void noNodeYet() {
        nodeB = null;
    }

    private String secondNode() {
        if (nodeB == null) {
            nodeB = SecondNode.start(postgres, "--herald.auth.token-cache.ttl=1h");
        }
        return nodeB.baseUrl();
    }

    @AfterAll
    static void stopSecondNode() {
        if (nodeB != null) {
            nodeB.close();
        }
    }

    @Test
    void aTokenRevokedOnOneNodeIsRefusedOnTheOtherWithinASecond() {
        ApiClient onA = newAccount();
        ApiClient.Response created = onA.post("/api/v1/tokens", "{\"name\":\"both nodes\"}");
        String token = created.json().get("token").asString();
        String id = created.json().get("id").asString();
        ApiClient secondOnA = onA.as(token);
        ApiClient secondOnB = new ApiClient(secondNode(), token);
        // Both nodes have looked it up (and remember it, node B for an hour).
        assertThat(secondOnA.get("/api/v1/messages").status()).isEqualTo(200);
        assertThat(secondOnB.get("/api/v1/messages").status()).isEqualTo(200);
        assertThat(secondOnB.get("/api/v1/messages").status()).isEqualTo(200);

        assertThat(onA.delete("/api/v1/tokens/" + id).status()).isEqualTo(204);
        assertThat(secondOnA.get("/api/v1/messages").status()).as("refused at once where it was revoked").isEqualTo(401);
        withinASecond(() -> secondOnB.get("/api/v1/messages").status() == 401);
        assertThat(new ApiClient(secondNode(), onA.token()).get("/api/v1/messages").status())
                .as("the account's other token still works").isEqualTo(200);
    }

    @Test
    void aTokenRevokedBySqlIsRefusedOnEveryNodeWithinASecond() {
        ApiClient onA = newAccount();
        ApiClient onB = new ApiClient(secondNode(), onA.token());
        assertThat(onA.get("/api/v1/messages").status()).isEqualTo(200);
        assertThat(onB.get("/api/v1/messages").status()).isEqualTo(200);

        jdbc.sql("UPDATE api_token SET revoked_at = now() WHERE token_hash = ?")
                .param(dev.herald.support.Sha256.hex(onA.token())).update();
        withinASecond(() -> onA.get("/api/v1/messages").status() == 401);
        withinASecond(() -> onB.get("/api/v1/messages").status() == 401);
    }

    @Test
    void aDeletedAccountsTokensStopWorkingEverywhere() {
        AccountId account = accounts.create("gone-" + UUID.randomUUID(), java.time.ZoneId.of("UTC"));
        String token = tokens.issue(account, "t").token();
        ApiClient onB = new ApiClient(secondNode(), token);
        assertThat(onB.get("/api/v1/messages").status()).isEqualTo(200);

        jdbc.sql("DELETE FROM account WHERE id = ?").param(account.value()).update();
        withinASecond(() -> onB.get("/api/v1/messages").status() == 401);
    }

    @Test
    void anotherAccountsRevocationLeavesATokenWorking() {
        ApiClient a = newAccount();
        ApiClient b = newAccount();
        ApiClient bOnB = new ApiClient(secondNode(), b.token());
        assertThat(bOnB.get("/api/v1/messages").status()).isEqualTo(200);
        String id = a.post("/api/v1/tokens", "{}").json().get("id").asString();
        assertThat(b.delete("/api/v1/tokens/" + id).status()).isEqualTo(404);
        assertThat(a.delete("/api/v1/tokens/" + id).status()).isEqualTo(204);
        assertThat(bOnB.get("/api/v1/messages").status()).isEqualTo(200);
        assertThat(b.get("/api/v1/messages").status()).isEqualTo(200);
    }

    @Test
    void theCacheKeepsOnlyHashesAndEmptiesOnChange() {
        ApiClient api = newAccount();
        assertThat(api.get("/api/v1/messages").status()).isEqualTo(200);
        long before = cache.stamp();
        api.post("/api/v1/tokens", "{\"name\":\"new\"}");
        Awaitility.await().atMost(Duration.ofSeconds(1)).until(() -> cache.stamp() > before);
        assertThat(cache.find(api.token())).as("keyed by hash, never by the token").isNull();
    }

    private static void withinASecond(java.util.concurrent.Callable<Boolean> refused) {
        Awaitility.await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).until(refused);
    }
}
