package dev.herald.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.ClockTest;
import dev.herald.chat.ChatFixtures;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Per-account data retention with the application's clock moved on: the setting through the API (bounded, 400
 * naming it, audited), then content and addresses of messages past their account's retention erased while their
 * statuses and counts stay, and an account with a longer retention untouched; the client's callback data of the
 * request and inbound chat lines go the same way, the latter found through their own index.
 */
class DataRetentionTest extends ClockTest {

    @Autowired
    DataRetention retention;
    @Autowired
    TransactionTemplate tx;

    @Test
    void contentPastTheAccountsRetentionIsErasedAndStatusesStay() {
        ApiClient shortLived = newAccount();
        ApiClient longLived = newAccount();
        assertThat(shortLived.get("/api/v1/account/settings").json().get("retentionDays").asInt()).isEqualTo(90);
        for (String bad : new String[] {"0", "3651", "\"7\"", "1.5", "null"}) {
            ApiClient.Response refused = shortLived.patch("/api/v1/account/settings", "{\"retentionDays\": " + bad + "}");
            assertThat(refused.status()).as(bad).isEqualTo(400);
            assertThat(refused.text()).contains("retentionDays");
        }
        assertThat(shortLived.patch("/api/v1/account/settings", "{\"retentionDays\": 1}").json()
                .get("retentionDays").asInt()).isEqualTo(1);
        assertThat(longLived.patch("/api/v1/account/settings", "{\"retentionDays\": 3}").status()).isEqualTo(200);

        String erased = send(shortLived, "79000000001", "a private text", "customer-4711");
        assertThat(shortLived.post("/api/v1/event", "{\"eventTypeKey\":\"orderCreated\",\"keyValue\":"
                + "\"retained-customer@example.com\",\"params\":[{\"name\":\"orderId\",\"value\":\"A-77\"}]}")
                .status()).isEqualTo(200);
        String kept = send(longLived, "79000000002", "another private text", "customer-4712");
        awaitStatus(shortLived, erased, "DELIVERED");
        awaitStatus(longLived, kept, "DELIVERED");
        UUID account = jdbc.sql("SELECT account_id FROM message WHERE id = ?::uuid").param(erased).query(UUID.class).single();

        clock.advance(Duration.ofDays(2));
        try {
            assertThat(retention.run()).isGreaterThanOrEqualTo(1);
        } finally {
            clock.advance(Duration.ofDays(-2));
        }

        assertThat(jdbc.sql("SELECT address IS NULL AND content = '{\"erased\": true}'::jsonb FROM message WHERE id = ?::uuid")
                .param(erased).query(Boolean.class).single()).as("content and address gone").isTrue();
        assertThat(jdbc.sql("SELECT destination::text FROM flow WHERE id = (SELECT flow_id FROM message WHERE id = ?::uuid)")
                .param(erased).query(String.class).single()).doesNotContain("79000000001");
        assertThat(jdbc.sql("SELECT address || content::text FROM sandbox_message WHERE message_id = ?::uuid")
                .param(erased).query(String.class).single()).doesNotContain("79000000001").doesNotContain("private");
        ApiClient.Response message = shortLived.get("/api/v1/messages/" + erased);
        assertThat(message.status()).isEqualTo(200);
        assertThat(message.json().get("status").asString()).as("the status stays").isEqualTo("DELIVERED");
        assertThat(message.text()).doesNotContain("79000000001").doesNotContain("a private text");
        assertThat(jdbc.sql("SELECT count(*) FROM message_status_event WHERE message_id = ?::uuid").param(erased)
                .query(Integer.class).single()).as("the status history stays").isGreaterThan(1);
        assertThat(jdbc.sql("SELECT string_agg(key_value || params::text, ',') FROM event WHERE account_id = ?")
                .param(account).query(String.class).single()).as("what the event said is gone")
                .doesNotContain("retained-customer").doesNotContain("A-77");
        assertThat(message.json().path("callbackData").isNull()).as("the request's callback data is gone").isTrue();
        assertThat(jdbc.sql("SELECT count(*) FROM message_group WHERE account_id = ? AND callback_data IS NOT NULL")
                .param(account).query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("SELECT retention_floor IS NOT NULL FROM account WHERE id = ?").param(account)
                .query(Boolean.class).single()).isTrue();

        assertThat(jdbc.sql("SELECT address FROM message WHERE id = ?::uuid").param(kept).query(String.class).single())
                .as("a longer retention keeps it").isEqualTo("79000000002");
        assertThat(longLived.get("/api/v1/messages/" + kept).text()).contains("79000000002", "customer-4712");
        assertThat(jdbc.sql("SELECT content::text FROM message WHERE id = ?::uuid").param(kept).query(String.class).single())
                .contains("another private text");
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE account_id = ? AND action = 'settings.update' "
                + "AND details ->> 'retentionDays' = '1'").param(account).query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void inboundChatLinesPastTheRetentionAreErasedThroughTheirIndex() {
        ApiClient api = newAccount();
        assertThat(api.patch("/api/v1/account/settings", "{\"retentionDays\": 1}").status()).isEqualTo(200);
        String chat = ChatFixtures.createChat(api, "Retained", null);
        String session = ChatFixtures.write(api, chat, "79000000003", "my card number is 4111").get("sessionId").asString();
        UUID account = jdbc.sql("SELECT account_id FROM chat_session WHERE id = ?::uuid").param(session)
                .query(UUID.class).single();
        assertThat(plan(account)).as("the partial index of V55 serves the erasure's search")
                .contains("chat_message_retained");

        clock.advance(Duration.ofHours(12));
        try {
            retention.run();
            assertThat(ChatFixtures.transcript(api, session).toString()).as("younger than the retention")
                    .contains("my card number is 4111");
            clock.advance(Duration.ofHours(13));
            assertThat(retention.run()).isGreaterThanOrEqualTo(1);
        } finally {
            clock.advance(Duration.ofHours(-25));
        }

        assertThat(ChatFixtures.transcript(api, session).toString()).doesNotContain("4111");
        assertThat(jdbc.sql("SELECT count(*) FILTER (WHERE text IS NULL) || '/' || count(*) FROM chat_message "
                + "WHERE account_id = ?").param(account).query(String.class).single())
                .as("the lines stay, without their text").isEqualTo("1/1");
    }

    /** The plan of the erasure's inner query for the account, as PostgreSQL would run it with sequential scans off. */
    private String plan(UUID account) {
        return tx.execute(status -> {
            jdbc.sql("SET LOCAL enable_seqscan = off").update();
            return String.join("\n", jdbc.sql("""
                    EXPLAIN SELECT id FROM chat_message
                    WHERE account_id = ? AND created_at < now() AND message_id IS NULL AND status <> 'PENDING'
                      AND (text IS NOT NULL OR payload IS NOT NULL OR buttons IS NOT NULL OR extra IS NOT NULL)
                    LIMIT 1000""").param(account).query(String.class).list());
        });
    }

    private static String send(ApiClient api, String phone, String text, String callbackData) {
        return api.post("/api/v1/messages", "{\"messages\":[{\"callbackData\":\"" + callbackData + "\","
                + "\"channels\":{\"sms\":{\"text\":\"" + text + "\"}},\"destinations\":[{\"phone\":\"" + phone
                + "\"}]}]}").json().get(0).get("id").asString();
    }
}
