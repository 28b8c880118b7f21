package dev.herald.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A task's messages carry its subscription category and criticality, so the contact policy applies to them. */
class TaskCategoryTest extends TaskTestSupport {

    @BeforeEach
    void account() {
        signUp();
    }

    private long contact(String phone) {
        return api.post("/api/v1/contacts", "{\"phone\":\"" + phone + "\"}").json().get("contactId").asLong();
    }

    @Test
    void aContactWhoOptedOutOfTheTasksCategoryIsNotSentItsMessage() {
        assertThat(api.post("/api/v1/subscriptions", "{\"key\":\"promo\"}").status()).isEqualTo(201);
        long optedOut = contact("79023000001");
        long subscribed = contact("79023000011");
        assertThat(api.put("/api/v1/contact/" + optedOut + "/subscriptions", "{\"subscriptions\":[]}").status())
                .isEqualTo(200);

        String id = smsTask(",\"category\":\"promo\",\"critical\":true");
        JsonNode created = task(id);
        assertThat(created.get("category").asString()).isEqualTo("promo");
        assertThat(created.get("critical").asBoolean()).isTrue();
        uploadCsv(id, "phone,contactId\n79023000001," + optedOut + "\n79023000011," + subscribed + "\n");
        api.post("/api/v1/tasks/" + id + "/start", "");
        awaitTaskStatus(id, "DONE");
        eventually().until(() -> task(id).at("/progress/delivered").asInt() == 1
                && task(id).at("/progress/failed").asInt() == 1);

        JsonNode rows = api.get("/api/v1/tasks/" + id + "/rows").json();
        assertThat(rows.at("/items/0/status").asString()).isEqualTo("FAILED");
        assertThat(rows.at("/items/1/status").asString()).isEqualTo("DELIVERED");
        JsonNode refused = api.get("/api/v1/messages/" + rows.at("/items/0/messageId").asString()).json();
        assertThat(refused.get("status").asString()).isEqualTo("FAILED");
        assertThat(refused.get("error").get("code").asString()).isEqualTo("UNSUBSCRIBED");
        // Critical bypasses caps and quiet hours, never an opt-out; the group carries both.
        assertThat(jdbc.sql("SELECT count(*) FROM message_group WHERE category = 'promo' AND critical AND id IN "
                        + "(SELECT group_id FROM message WHERE id = ?::uuid)")
                .param(rows.at("/items/0/messageId").asString()).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void anUnknownCategoryIsRefusedNamingIt() {
        ApiClient.Response refused = api.post("/api/v1/tasks",
                "{\"name\":\"x\",\"channels\":{\"sms\":{\"text\":\"hi\"}},\"category\":\"nosuch\"}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text()).contains("\"category\"").contains("nosuch");
        assertThat(api.get("/api/v1/tasks").json().get("count").asInt()).isZero();
    }
}
