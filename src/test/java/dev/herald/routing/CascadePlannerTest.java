package dev.herald.routing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.herald.ApiClient;
import dev.herald.ConsoleSession;
import dev.herald.HeraldTest;
import dev.herald.auth.AccountId;
import dev.herald.auth.Role;
import dev.herald.auth.Users;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The cascade planner through the API: prices, live delivery rates and report times set up so that they, not the
 * request's order, decide which channel goes first; the plan and its reasons in the message view and the console.
 */
class CascadePlannerTest extends HeraldTest {

    private static final AtomicInteger PHONES = new AtomicInteger();
    private static final String OK = "{\"id\":\"x\"}";

    @Autowired
    Users users;

    @Test
    void cheapestGoesFirstAmongChannelsThatDeliverAndTheFlowFollowsThePlan() {
        AccountId account = accounts.create("plan-" + UUID.randomUUID(), ZoneId.of("UTC"));
        ApiClient api = new ApiClient("http://localhost:" + port, tokens.issue(account, "test").token());
        String base = "/plan-" + UUID.randomUUID();
        String sms = connection(api, "sms-gw", "sms", base + "/sms", aResponse().withStatus(200).withBody(OK));
        String email = connection(api, "mail-gw", "email", base + "/email", aResponse().withStatus(200).withBody(OK));
        // The cheapest channel refuses the message: the cascade then goes on in the planned order.
        String viber = connection(api, "viber-gw", "viber", base + "/viber",
                aResponse().withStatus(400).withBody("{\"error\":\"no\"}"));
        price(api, sms, "{\"unit\":\"PART\",\"price\":0.03,\"currency\":\"EUR\"}");
        price(api, email, "{\"price\":0.01,\"currency\":\"EUR\"}");
        price(api, viber, "{\"price\":0.04,\"currency\":\"EUR\"}");
        // E-mail is cheapest but has delivered 5 of its last 30: below the threshold (0.5), so it goes after.
        rate(account, email, "", 5, 30);
        rate(account, sms, "3712", 28, 30);

        String phone = "3712" + String.format("%07d", PHONES.incrementAndGet());
        String text = "a".repeat(161);
        ApiClient.Response sent = api.post("/api/v1/messages", "{\"messages\":[{\"cascade\":\"cheapest\",\"channels\":{"
                + "\"sms\":{\"text\":\"" + text + "\",\"provider\":\"sms-gw\"},"
                + "\"email\":{\"subject\":\"s\",\"text\":\"t\",\"provider\":\"mail-gw\"},"
                + "\"viber\":{\"text\":\"t\",\"provider\":\"viber-gw\"},"
                + "\"push\":{\"title\":\"t\",\"text\":\"t\"}},"
                + "\"destinations\":[{\"phone\":\"" + phone + "\",\"email\":\"p@example.com\"}]}]}");
        assertThat(sent.status()).as(sent.text()).isEqualTo(201);
        assertThat(sent.json().get(0).get("channel").asString()).isEqualTo("VIBER");
        String first = sent.json().get(0).get("id").asString();
        String flow = sent.json().get(0).get("flowId").asString();

        JsonNode plan = api.get("/api/v1/messages/" + first).json().get("cascadePlan");
        assertThat(plan.get("mode").asString()).isEqualTo("cheapest");
        assertThat(strings(plan.get("order"))).containsExactly("viber", "sms", "email", "push");
        assertThat(plan.get("reasons").get("viber").asString()).contains("conn:" + viber, "costs 0.04 EUR");
        assertThat(plan.get("reasons").get("sms").asString()).contains("costs 0.06 EUR", "delivery rate 0.93");
        assertThat(plan.get("reasons").get("email").asString()).contains("delivery rate 0.17", "below 0.5");
        assertThat(plan.get("reasons").get("push").asString()).contains("no address");

        awaitStatus(api, first, "FAILED");
        eventually().until(() -> channels(flow), c -> c.equals(List.of("VIBER", "SMS")));

        // The console's message page shows the same plan; another account sees neither.
        String username = "owner-" + UUID.randomUUID().toString().substring(0, 8);
        users.create(account, username, "plan test password", Role.OWNER);
        ConsoleSession console = new ConsoleSession("http://localhost:" + port);
        console.signIn(username, "plan test password");
        String page = console.get("/console/messages/" + first).body();
        assertThat(page).contains("cascade-plan", "Channels planned cheapest first", "costs 0.04 EUR", "below 0.5");
        assertThat(newAccount().get("/api/v1/messages/" + first).status()).isEqualTo(404);
    }

    @Test
    void fastestGoesByTheMedianTimeToTheReportAndCheapestByPrice() {
        AccountId account = accounts.create("plan-" + UUID.randomUUID(), ZoneId.of("UTC"));
        ApiClient api = new ApiClient("http://localhost:" + port, tokens.issue(account, "test").token());
        String base = "/plan-" + UUID.randomUUID();
        String sms = connection(api, "sms-gw", "sms", base + "/sms", aResponse().withStatus(200).withBody(OK));
        String email = connection(api, "mail-gw", "email", base + "/email", aResponse().withStatus(200).withBody(OK));
        price(api, sms, "{\"price\":0.02,\"currency\":\"EUR\"}");
        price(api, email, "{\"price\":0.05,\"currency\":\"EUR\"}");
        // 20 reported messages each (herald.routing.rate-min-reports): e-mail reports in 2 s, SMS in 40 s.
        reported(api, "sms", "sms-gw", 40);
        reported(api, "email", "mail-gw", 2);

        String group = "\"channels\":{\"sms\":{\"text\":\"t\",\"provider\":\"sms-gw\"},"
                + "\"email\":{\"subject\":\"s\",\"text\":\"t\",\"provider\":\"mail-gw\"}},"
                + "\"destinations\":[{\"phone\":\"3712" + String.format("%07d", PHONES.incrementAndGet())
                + "\",\"email\":\"f@example.com\"}]";
        ApiClient.Response fastest = api.post("/api/v1/messages", "{\"messages\":[{\"cascade\":\"FASTEST\"," + group + "}]}");
        assertThat(fastest.status()).as(fastest.text()).isEqualTo(201);
        assertThat(fastest.json().get(0).get("channel").asString()).isEqualTo("EMAIL");
        JsonNode plan = api.get("/api/v1/messages/" + fastest.json().get(0).get("id").asString()).json().get("cascadePlan");
        assertThat(strings(plan.get("order"))).containsExactly("email", "sms");
        assertThat(plan.get("reasons").get("email").asString()).contains("median 2.0 s");
        assertThat(plan.get("reasons").get("sms").asString()).contains("median 40.0 s");

        ApiClient.Response cheapest = api.post("/api/v1/messages", "{\"messages\":[{\"cascade\":\"cheapest\"," + group + "}]}");
        assertThat(cheapest.json().get(0).get("channel").asString()).isEqualTo("SMS");

        ApiClient.Response plain = api.post("/api/v1/messages", "{\"messages\":[{" + group + "}]}");
        assertThat(plain.status()).as(plain.text()).isEqualTo(201);
        assertThat(api.get("/api/v1/messages/" + plain.json().get(0).get("id").asString()).json().has("cascadePlan"))
                .as("no cascade asked: the order given, nothing planned").isFalse();
    }

    @Test
    void anUnknownCascadeIsA400NamingTheField() {
        ApiClient api = newAccount();
        ApiClient.Response bad = api.post("/api/v1/messages", "{\"messages\":[{\"cascade\":\"random\",\"channels\":{"
                + "\"sms\":{\"text\":\"t\"}},\"destinations\":[{\"phone\":\"37120000001\"}]}]}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text()).contains("messages[0].cascade");
    }

    private String connection(ApiClient api, String name, String channel, String path, ResponseDefinitionBuilder answer) {
        GATEWAY.stubFor(post(urlEqualTo(path + "/messages")).willReturn(answer));
        ApiClient.Response created = api.post("/api/v1/providers", "{\"name\":\"" + name + "\",\"type\":\"http\",\"channel\":\""
                + channel + "\",\"settings\":{\"baseUrl\":\"" + GATEWAY.baseUrl() + path + "\"}}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private static void price(ApiClient api, String connection, String body) {
        ApiClient.Response r = api.post("/api/v1/providers/" + connection + "/prices", body);
        assertThat(r.status()).as(r.text()).isEqualTo(201);
    }

    /** The engine's delivery-rate counts for a connection, as its delivery reports would have left them. */
    private void rate(AccountId account, String connection, String prefix, int delivered, int reported) {
        jdbc.sql("""
                        INSERT INTO delivery_rate (account_id, connection_id, prefix, minute, delivered, reported)
                        VALUES (?, ?::uuid, ?, ?, ?, ?)""")
                .params(account.value(), connection, prefix, Timestamp.from(Instant.now().truncatedTo(ChronoUnit.MINUTES)),
                        delivered, reported)
                .update();
    }

    /** 20 messages sent through a connection, each reported DELIVERED {@code seconds} after its hand-over. */
    private void reported(ApiClient api, String channel, String provider, int seconds) {
        StringBuilder destinations = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            destinations.append(i == 0 ? "" : ",").append(channel.equals("sms")
                    ? "{\"phone\":\"3712" + String.format("%07d", PHONES.incrementAndGet()) + "\"}"
                    : "{\"email\":\"r" + PHONES.incrementAndGet() + "@example.com\"}");
        }
        ApiClient.Response r = api.post("/api/v1/messages", group("{\"" + channel + "\":{\"subject\":\"s\",\"text\":\"t\","
                + "\"provider\":\"" + provider + "\"}}", "[" + destinations + "]"));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        List<String> ids = new ArrayList<>();
        r.json().forEach(item -> ids.add(item.get("id").asString()));
        ids.forEach(id -> awaitStatus(api, id, "SENT"));
        jdbc.sql("""
                        INSERT INTO message_status_event (message_id, status, at)
                        SELECT id, 'DELIVERED', sent_at + make_interval(secs => ?) FROM message WHERE id = ANY (?::uuid[])""")
                .params(seconds, ids.toArray(String[]::new)).update();
    }

    private List<String> channels(String flowId) {
        return jdbc.sql("SELECT channel FROM message WHERE flow_id = ?::uuid ORDER BY created_at")
                .param(flowId).query(String.class).list();
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asString()));
        return values;
    }
}
