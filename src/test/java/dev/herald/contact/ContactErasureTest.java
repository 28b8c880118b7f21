package dev.herald.contact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Erasure (GDPR): a deleted contact's personal data leaves the contact and its messages, in both dialects. */
class ContactErasureTest extends HeraldTest {

    @Test
    void erasingAContactRemovesItsDataFromItsMessagesToo() {
        ApiClient api = newAccount();
        long id = api.post("/api/v1/contact", """
                {"firstName": "Marta", "externalCustomerId": "crm-77", "channels": [{"type": "sms", "value": "380507771231"},
                 {"type": "email", "value": "marta@example.com"}, {"type": "viber", "value": "380507771231"}],
                 "groups": [{"name": "Erasable"}]}""").json().get("id").asLong();
        JsonNode sent = api.post("/api/v1/messages", group("{\"sms\":{\"text\":\"Marta, your secret code is QZXW\"}}",
                "[{\"contactId\":" + id + "}]")).json().get(0);
        String messageId = sent.get("id").asString();
        awaitStatus(api, messageId, "DELIVERED");
        JsonNode direct = api.post("/api/v1/messages", group("{\"sms\":{\"text\":\"Direct to the number\"}}",
                "[{\"phone\":\"380507771231\"}]")).json().get(0);
        awaitStatus(api, direct.get("id").asString(), "DELIVERED");
        ApiClient stranger = newAccount();
        assertThat(stranger.delete("/api/v1/contact/" + id).status()).isEqualTo(404);

        assertThat(api.delete("/api/v1/contact/" + id).status()).isEqualTo(200);

        assertThat(api.get("/api/v1/contact/" + id).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/contacts/" + id).status()).isEqualTo(404);
        assertThat(api.delete("/api/v1/contact/" + id).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/contacts?externalCustomerId=crm-77").json().get("count").asLong()).isZero();
        String message = api.get("/api/v1/messages/" + messageId).text();
        assertThat(message).doesNotContain("380507771231").doesNotContain("QZXW").doesNotContain("Marta");
        assertThat(api.get("/api/v1/messages/" + direct.get("id").asString()).text()).doesNotContain("380507771231");
        assertThat(api.get("/api/v1/sandbox/messages").text()).doesNotContain("380507771231").doesNotContain("QZXW");
        assertThat(jdbc.sql("SELECT count(*) FROM message WHERE address = '380507771231'").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM flow WHERE destination::text LIKE '%380507771231%' OR channel_plan::text LIKE '%380507771231%'")
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM contact_channel WHERE value = '380507771231'").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM contact_group_member m JOIN contact_group g ON g.id = m.group_id "
                + "WHERE g.name = 'Erasable'").query(Long.class).single()).isZero();
        // The message stays for statistics, naming nobody.
        assertThat(api.get("/api/v1/messages/" + messageId).json().get("status").asString()).isEqualTo("DELIVERED");

        // The identifiers are free again, and the number is not given again.
        long next = api.post("/api/v1/contact", "{\"channels\": [{\"type\": \"sms\", \"value\": \"380507771231\"}]}")
                .json().get("id").asLong();
        assertThat(next).isGreaterThan(id);
    }

    @Test
    void heraldsOwnDeleteIsTheSameErasureAndCancelsWhatHasNotLeft() {
        ApiClient api = newAccount();
        long id = api.post("/api/v1/contacts", "{\"email\":\"later@example.com\",\"firstName\":\"Later\"}")
                .json().get("contactId").asLong();
        JsonNode held = api.post("/api/v1/messages", "{\"messages\":[{\"channels\":{\"email\":{\"subject\":\"Hi\","
                + "\"text\":\"Tomorrow's secret\"}},\"sendAt\":\"2099-01-01T09:00:00Z\",\"destinations\":[{\"contactId\":"
                + id + "}]}]}").json().get(0);
        awaitStatus(api, held.get("id").asString(), "DELAYED");

        assertThat(api.delete("/api/v1/contacts/" + id).status()).isEqualTo(204);

        JsonNode message = api.get("/api/v1/messages/" + held.get("id").asString()).json();
        assertThat(message.get("status").asString()).isEqualTo("CANCELLED");
        assertThat(message.toString()).doesNotContain("later@example.com").doesNotContain("secret");
        assertThat(jdbc.sql("SELECT first_name FROM contact WHERE id = ? AND deleted_at IS NOT NULL AND email IS NULL")
                .params(id).query(String.class).list()).containsOnlyNulls();
    }
}
