package dev.herald.channel.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** E-mail through an account's SMTP connection, end to end: the API, the engine, GreenMail or a scripted server. */
class SmtpDeliveryTest extends HeraldTest {

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("herald", "s3cret"))
            .withPerMethodLifecycle(false);

    private static final AtomicInteger RECIPIENTS = new AtomicInteger();

    @Test
    void anEmailArrivesWithItsPartsAndStaysSentUnderTheMessageIdHeraldGaveIt() throws Exception {
        ApiClient api = newAccount();
        ApiClient.Response created = connect(api, "mail", greenMail("s3cret"), true);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.json().get("settings").get("password").asString()).isEqualTo("********");
        String to = nextRecipient();

        JsonNode item = api.postJson("/api/v1/messages", Map.of("messages", List.of(Map.of(
                "channels", Map.of("email", Map.of("from", "Магазин «Ромашка»", "subject", "Заказ №42 готов",
                        "text", "Заберите заказ.", "html", "<p>Заберите <b>заказ</b>.</p>")),
                "destinations", List.of(Map.of("email", to)))))).json().get(0);
        JsonNode sent = awaitStatus(api, item.get("id").asString(), "SENT");

        MimeMessage received = receivedBy(to);
        assertThat(sent.get("providerMessageId").asString()).isEqualTo(received.getMessageID())
                .isEqualTo("<" + item.get("id").asString() + "@shop.example>");
        assertThat(received.getSubject()).isEqualTo("Заказ №42 готов");
        assertThat(((InternetAddress) received.getFrom()[0]).getPersonal()).isEqualTo("Магазин «Ромашка»");
        assertThat(received.getContentType()).startsWith("multipart/alternative");
        assertThat(received.getHeader("List-Unsubscribe", null)).isEqualTo("<https://shop.example/unsubscribe?email="
                + to.replace("@", "%40") + ">");
        assertThat(received.getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");
        assertThat(jdbc.sql("""
                SELECT (SELECT count(*) FROM job WHERE message_id = :id::uuid)
                     + (SELECT count(*) FROM message WHERE id = :id::uuid AND expires_at IS NOT NULL)""").param("id", item.get("id").asString())
                .query(Long.class).single()).as("no expiry waits for a receipt SMTP never sends").isZero();
        assertThat(jdbc.sql("SELECT status FROM flow WHERE id = ?::uuid").param(item.get("flowId").asString())
                .query(String.class).single()).isEqualTo("SENT");
    }

    @Test
    void aWrongPasswordIsRefusedWithTheServersWords() {
        ApiClient api = newAccount();

        ApiClient.Response refused = connect(api, "mail", greenMail("wrong"), true);
        String id = connect(api, "mail", greenMail("wrong"), false).json().get("id").asString();
        JsonNode check = api.post("/api/v1/providers/" + id + "/test", "").json();

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text()).contains("535");
        assertThat(check.get("ok").asBoolean()).isFalse();
        assertThat(check.get("detail").asString()).contains("535");
        assertThat(api.patch("/api/v1/providers/" + id + "?test=true", "{\"settings\":{\"password\":\"s3cret\"}}")
                .status()).isEqualTo(200);
        assertThat(api.post("/api/v1/providers/" + id + "/test", "").json().get("ok").asBoolean()).isTrue();
    }

    @Test
    void badSettingsAreRefusedWhenSaved() {
        Map<String, String> settings = greenMail("s3cret");
        settings.put("security", "ssl");
        settings.put("fromAddress", "not-an-address");
        settings.put("listUnsubscribe", "http://shop.example/u");

        ApiClient.Response refused = connect(newAccount(), "mail", settings, false);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text()).contains("settings.security", "settings.fromAddress", "settings.listUnsubscribe");
    }

    @Test
    void aRecipientRefusedWith550FailsAndTheCascadeMovesOnToTheNextChannel() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer("550 5.1.1 user unknown")) {
            ApiClient api = newAccount();
            connect(api, "relay", scripted(server), false);

            JsonNode item = api.post("/api/v1/messages", group(
                    "{\"email\":{\"subject\":\"s\",\"text\":\"t\"},\"sms\":{\"text\":\"t\",\"provider\":\"sandbox\"}}",
                    "[{\"email\":\"" + nextRecipient() + "\",\"phone\":\"79001230001\"}]")).json().get(0);
            JsonNode failed = awaitStatus(api, item.get("id").asString(), "FAILED");

            assertThat(failed.get("error").get("code").asString()).isEqualTo("550");
            assertThat(failed.get("error").get("message").asString()).isEqualTo("550 5.1.1 user unknown");
            eventually().until(() -> api.get("/api/v1/messages?flowId=" + item.get("flowId").asString()
                    + "&channel=sms&status=DELIVERED").json().get("count").asLong() == 1);
            assertThat(server.accepted()).isZero();
        }
    }

    @Test
    void aTemporaryRefusalIsRetriedUntilTheServerTakesTheMessage() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer("451 4.7.1 greylisted, come back later")) {
            ApiClient api = newAccount();
            connect(api, "relay", scripted(server), false);

            String id = api.post("/api/v1/messages", group("{\"email\":{\"subject\":\"s\",\"text\":\"t\"}}",
                    "[{\"email\":\"" + nextRecipient() + "\"}]")).json().get(0).get("id").asString();
            JsonNode sent = awaitStatus(api, id, "SENT");

            assertThat(sent.get("attempts").asInt()).isEqualTo(2);
            assertThat(jdbc.sql("SELECT outcome FROM delivery_attempt WHERE message_id = ?::uuid ORDER BY id")
                    .param(id).query(String.class).list()).containsExactly("TRANSIENT_FAILURE", "ACCEPTED");
            assertThat(server.accepted()).isEqualTo(1);
        }
    }

    private static ApiClient.Response connect(ApiClient api, String name, Map<String, String> settings, boolean test) {
        return api.postJson("/api/v1/providers" + (test ? "?test=true" : ""),
                Map.of("name", name, "type", "smtp", "settings", settings));
    }

    private static Map<String, String> greenMail(String password) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("host", "127.0.0.1");
        settings.put("port", String.valueOf(MAIL.getSmtp().getPort()));
        settings.put("security", "none");
        settings.put("username", "herald");
        settings.put("password", password);
        settings.put("fromAddress", "news@shop.example");
        settings.put("fromName", "Shop");
        settings.put("listUnsubscribe", "https://shop.example/unsubscribe?email={email}");
        return settings;
    }

    private static Map<String, String> scripted(ScriptedSmtpServer server) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("host", "127.0.0.1");
        settings.put("port", String.valueOf(server.port()));
        settings.put("security", "none");
        settings.put("fromAddress", "news@shop.example");
        settings.put("readTimeoutMs", "5000");
        return settings;
    }

    private static MimeMessage receivedBy(String to) {
        eventually().until(() -> find(to) != null);
        return find(to);
    }

    private static MimeMessage find(String to) {
        return Arrays.stream(MAIL.getReceivedMessages()).filter(m -> {
            try {
                return m.getRecipients(Message.RecipientType.TO)[0].toString().equals(to);
            } catch (Exception e) {
                return false;
            }
        }).findFirst().orElse(null);
    }

    private static String nextRecipient() {
        return "customer" + RECIPIENTS.incrementAndGet() + "@example.org";
    }
}
