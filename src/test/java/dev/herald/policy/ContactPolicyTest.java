package dev.herald.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.ClockTest;
import dev.herald.MutableClock;
import dev.herald.SecondNode;
import dev.herald.callback.CallbackReceiver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Frequency caps and quiet hours as the delivery engine applies them, with two nodes working one database and
 * an injected clock moved forward on both; critical messages past both, never past an opt-out.
 */
class ContactPolicyTest extends ClockTest {

    private static SecondNode secondNode;

    @BeforeAll
    static void startSecondNode(@Autowired EmbeddedPostgres postgres, @Autowired MutableClock clock) {
        secondNode = SecondNode.start(postgres, clock,
                "--herald.callbacks.allow-private-addresses=true",
                "--herald.sandbox.report-delay=50ms",
                "--herald.queue.poll-interval=500ms",
                "--herald.queue.batch-size=2");
    }

    @AfterAll
    static void stopSecondNode() {
        if (secondNode != null) {
            secondNode.close();
        }
    }

    /** Both nodes' clocks, moved together. */
    private void advance(Duration by) {
        secondNode.advance(by);
    }

    @Test
    void aFrequencyCapHoldsAcrossTwoNodesCriticalPassesItAndTheWindowSlides() {
        ApiClient api = newAccount();
        api.postJson("/api/v1/subscriptions", Map.of("key", "promo"));
        ApiClient.Response policy = api.put("/api/v1/policy",
                "{\"frequencyCaps\":[{\"category\":\"promo\",\"maxMessages\":3,\"periodDays\":7}]}");
        assertThat(policy.status()).as(policy.text()).isEqualTo(200);
        long contact = api.postJson("/api/v1/contacts", Map.of("phone", "79006660001")).json().get("contactId").asLong();

        // Ten at once, due together in a moment: both nodes claim them in small batches.
        String sendAt = clock.instant().plusSeconds(2).toString();
        JsonNode items = api.postJson("/api/v1/messages", Map.of("messages", List.of(Map.of("category", "promo",
                "sendAt", sendAt, "channels", Map.of("sms", Map.of("text", "sale")),
                "destinations", Collections.nCopies(10, Map.of("contactId", contact)))))).json();
        String bulkId = items.get(0).get("bulkId").asString();
        eventually().until(() -> api.get("/api/v1/messages?bulkId=" + bulkId + "&status=DELIVERED").json().get("count")
                .asLong() + api.get("/api/v1/messages?bulkId=" + bulkId + "&status=FAILED").json().get("count").asLong() == 10);
        assertThat(api.get("/api/v1/messages?bulkId=" + bulkId + "&status=DELIVERED").json().get("count").asLong())
                .isEqualTo(3);
        JsonNode capped = api.get("/api/v1/messages?bulkId=" + bulkId + "&status=FAILED").json().get("items").get(0);
        assertThat(capped.get("error").get("code").asString()).isEqualTo("FREQUENCY_CAP");

        // Critical: past the cap, and not counted.
        awaitStatus(api, SubscriptionsTest.sendItem(api, "promo", Map.of("sms", Map.of("text", "your code 1234")),
                Map.of("contactId", contact), true).get("id").asString(), "DELIVERED");
        assertThat(awaitStatus(api, send(api, "promo", contact), "FAILED").get("error").get("code").asString())
                .isEqualTo("FREQUENCY_CAP");

        // A week later the window has slid past the three.
        advance(Duration.ofDays(7).plusMinutes(1));
        awaitStatus(api, send(api, "promo", contact), "DELIVERED");
        assertThat(api.get("/api/v1/statistics/policy?from=" + clock.instant().minus(Duration.ofDays(9))
                + "&to=" + clock.instant().plusSeconds(60)).json().toString()).contains("\"code\":\"FREQUENCY_CAP\"");
    }

    @Test
    void quietHoursHoldAMessageInTheContactsOwnZoneUntilTheyEnd() {
        ApiClient api = newAccount();
        // Quiet from two to four hours ahead of UTC: now for a contact at UTC+3, not for the account's UTC.
        LocalTime utcNow = LocalTime.ofInstant(clock.instant(), ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES);
        ApiClient.Response policy = api.put("/api/v1/policy", "{\"quietHours\":{\"from\":\"" + utcNow.plusHours(2)
                + "\",\"to\":\"" + utcNow.plusHours(4) + "\"}}");
        assertThat(policy.status()).as(policy.text()).isEqualTo(200);
        long moscow = api.postJson("/api/v1/contacts", Map.of("phone", "79006660011")).json().get("contactId").asLong();
        long london = api.postJson("/api/v1/contacts", Map.of("phone", "79006660021")).json().get("contactId").asLong();
        setZone(api, moscow, "Etc/GMT-3");

        String held = send(api, null, moscow);
        String free = send(api, null, london);
        String critical = SubscriptionsTest.sendItem(api, null, Map.of("sms", Map.of("text", "code 77")),
                Map.of("contactId", moscow), true).get("id").asString();
        awaitStatus(api, free, "DELIVERED");
        awaitStatus(api, critical, "DELIVERED");
        eventually().until(() -> api.get("/api/v1/messages/" + held).json().get("history").toString()
                .contains("QUIET_HOURS"));
        JsonNode waiting = api.get("/api/v1/messages/" + held).json();
        assertThat(waiting.get("status").asString()).isEqualTo("DELAYED");
        assertThat(waiting.get("error").isNull() || waiting.get("error").isMissingNode()).isTrue();

        advance(Duration.ofHours(1).plusMinutes(1));
        JsonNode delivered = awaitStatus(api, held, "DELIVERED");
        assertThat(delivered.get("history").toString()).contains("QUIET_HOURS");
        assertThat(api.get("/api/v1/statistics/policy?from=" + clock.instant().minus(Duration.ofDays(1))
                + "&to=" + clock.instant().plusSeconds(60)).json().toString()).contains("\"code\":\"QUIET_HOURS\"");
    }

    @Test
    void aHeldTransactionalMessageSaysSoInItsCallbackWithUntilWhen() throws Exception {
        ApiClient api = newAccount();
        LocalTime utcNow = LocalTime.ofInstant(clock.instant(), ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES);
        assertThat(api.put("/api/v1/policy", "{\"quietHours\":{\"from\":\"" + utcNow.minusHours(1) + "\",\"to\":\""
                + utcNow.plusHours(1) + "\"}}").status()).isEqualTo(200);
        long contact = api.postJson("/api/v1/contacts", Map.of("phone", "79006660041")).json().get("contactId").asLong();
        String path = "/held-" + UUID.randomUUID();
        try (CallbackReceiver receiver = CallbackReceiver.start()) {
            // The transactional lane, not critical: held like any other message.
            JsonNode item = api.postJson("/api/v1/messages", Map.of("messages", List.of(Map.of("priority", "transactional",
                    "callbackUrl", receiver.url(path), "channels", Map.of("sms", Map.of("text", "your order shipped")),
                    "destinations", List.of(Map.of("contactId", contact)))))).json().get(0);
            String id = item.get("id").asString();
            eventually().until(() -> receiver.at(path).stream().anyMatch(c -> "DELAYED".equals(c.json().get("newStatus")
                    .asString())));
            JsonNode held = receiver.at(path).stream().map(CallbackReceiver.Received::json)
                    .filter(c -> "DELAYED".equals(c.get("newStatus").asString())).findFirst().orElseThrow();
            assertThat(held.get("id").asString()).isEqualTo(id);
            assertThat(held.get("oldStatus").asString()).isEqualTo("CREATED");
            assertThat(held.get("error").get("code").asString()).isEqualTo("QUIET_HOURS");
            Instant until = Instant.parse(held.get("heldUntil").asString());
            assertThat(held.get("error").get("message").asString()).contains("until " + until);
            assertThat(until).isBetween(clock.instant().plus(Duration.ofMinutes(58)), clock.instant().plus(Duration.ofHours(1)));
            assertThat(api.get("/api/v1/messages/" + id).json().get("status").asString()).isEqualTo("DELAYED");

            advance(Duration.ofHours(1).plusMinutes(1));
            awaitStatus(api, id, "DELIVERED");
            eventually().until(() -> receiver.at(path).stream().anyMatch(c -> "DELIVERED".equals(c.json().get("newStatus")
                    .asString())));
            assertThat(receiver.at(path).stream().filter(c -> !"DELAYED".equals(c.json().get("newStatus").asString()))
                    .allMatch(c -> !c.json().has("heldUntil"))).as("only a hold says until when").isTrue();
        }
    }

    @Test
    void criticalNeverPassesAnOptOutOfItsChannel() {
        ApiClient api = newAccount();
        api.postJson("/api/v1/subscriptions", Map.of("key", "security"));
        long contact = api.postJson("/api/v1/contacts", Map.of("phone", "79006660031",
                "email", "critical-" + UUID.randomUUID() + "-a@example.com")).json().get("contactId").asLong();
        assertThat(api.put("/api/v1/contact/" + contact + "/subscriptions", "{\"subscriptions\":[]}").status())
                .isEqualTo(200);
        JsonNode refused = awaitStatus(api, SubscriptionsTest.sendItem(api, "security",
                Map.of("sms", Map.of("text", "new sign-in")), Map.of("contactId", contact), true).get("id").asString(),
                "FAILED");
        assertThat(refused.get("error").get("code").asString()).isEqualTo("UNSUBSCRIBED");
        // Transactional messages (no category) still reach it: it opted out of categories, not of SMS.
        awaitStatus(api, send(api, null, contact), "DELIVERED");
    }

    private void setZone(ApiClient api, long contactId, String zone) {
        // The contact's time zone is the contacts API's (eSputnik's timeZone); set directly here.
        jdbc.sql("""
                        UPDATE contact SET time_zone = ?
                        WHERE id = ? AND account_id = (SELECT account_id FROM api_token WHERE token_hash = ?)""")
                .params(zone, contactId, dev.herald.support.Sha256.hex(api.token())).update();
    }

    private static String send(ApiClient api, String category, long contactId) {
        return SubscriptionsTest.sendItem(api, category, Map.of("sms", Map.of("text", "hello")),
                Map.of("contactId", contactId), null).get("id").asString();
    }
}
