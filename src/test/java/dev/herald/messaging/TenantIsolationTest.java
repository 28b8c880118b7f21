package dev.herald.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import org.junit.jupiter.api.Test;

/** Account B can neither read nor list anything of account A's. */
class TenantIsolationTest extends HeraldTest {

    @Test
    void anotherAccountsMessagesDoNotExist() {
        ApiClient a = newAccount();
        ApiClient b = newAccount();
        var sent = a.post("/api/v1/messages", group("{\"sms\":{\"text\":\"secret\"}}", "[{\"phone\":\"79001112233\"}]"))
                .json().get(0);
        String id = sent.get("id").asString();
        awaitStatus(a, id, "DELIVERED");

        assertThat(b.get("/api/v1/messages/" + id).status()).isEqualTo(404);
        assertThat(b.get("/api/v1/messages").json().get("count").asLong()).isZero();
        assertThat(b.get("/api/v1/messages?bulkId=" + sent.get("bulkId").asString()).json().get("count").asLong()).isZero();
        assertThat(b.get("/api/v1/statistics/messaging/messages").json().get("count").asLong()).isZero();
        assertThat(b.get("/api/v1/sandbox/messages").json().get("count").asLong()).isZero();

        assertThat(a.get("/api/v1/messages/" + id).status()).isEqualTo(200);
        assertThat(a.get("/api/v1/sandbox/messages").json().get("items").get(0).get("content").get("text").asString())
                .isEqualTo("secret");
    }

    @Test
    void anotherAccountCannotAddToABulkItDidNotName() {
        ApiClient a = newAccount();
        ApiClient b = newAccount();
        // A one-destination send names no bulkId: it registers no bulk row, its group says whose the id is.
        String bulkId = a.post("/api/v1/messages", group("{\"sms\":{\"text\":\"x\"}}", "[{\"phone\":\"79001112233\"}]"))
                .json().get(0).get("bulkId").asString();
        String body = "{\"bulkId\":\"" + bulkId + "\",\"messages\":[{\"channels\":{\"sms\":{\"text\":\"y\"}},"
                + "\"destinations\":[{\"phone\":\"79001112234\"}]}]}";

        ApiClient.Response refused = b.post("/api/v1/messages", body);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text()).contains("bulkId");
        assertThat(b.get("/api/v1/messages?bulkId=" + bulkId).json().get("count").asLong()).isZero();

        ApiClient.Response added = a.post("/api/v1/messages", body);
        assertThat(added.status()).isEqualTo(201);
        assertThat(added.json().get(0).get("bulkId").asString()).isEqualTo(bulkId);
        assertThat(a.get("/api/v1/messages?bulkId=" + bulkId).json().get("count").asLong()).isEqualTo(2);
        // Now registered by its own account, the bulk is still refused to the other one.
        assertThat(b.post("/api/v1/messages", body).status()).isEqualTo(400);
    }

    @Test
    void requestsWithoutAValidTokenAreUnauthorized() {
        ApiClient.Response none = anonymous().get("/api/v1/messages");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.header("Content-Type")).startsWith("application/problem+json");
        assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(anonymous().as("hrd_not-a-real-token").get("/api/v1/messages").status()).isEqualTo(401);
        assertThat(anonymous().as("hrd_not-a-real-token")
                .post("/api/v1/messages", group("{\"sms\":{\"text\":\"x\"}}", "[{\"phone\":\"79001112233\"}]"))
                .status()).isEqualTo(401);
    }
}
