package dev.herald.console;

import static dev.herald.group.GroupFixtures.contact;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.ConsoleSession;
import dev.herald.HeraldTest;
import dev.herald.auth.AccountId;
import dev.herald.auth.Users;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The console's list of workflows counts each workflow's runs (entered, waiting, finished, reached the end) and
 * clicks on its own, however many workflows the page counts at once, and agrees with each workflow's statistics API.
 */
class WorkflowListCountsTest extends HeraldTest {

    private static final String PASSWORD = "correct horse battery";
    private static final Pattern SHORT_LINK = Pattern.compile("/l/([0-9A-Za-z]+)");
    private static final Pattern ROW = Pattern.compile("<tr>\\s*<td><a href=\"/console/workflows/(\\d+)\">.*?</tr>", Pattern.DOTALL);
    private static final Pattern CELL = Pattern.compile("<td class=\"num\">([^<]*)</td>");

    @Autowired
    Users users;

    @Test
    void eachRowShowsItsOwnWorkflowsRunsAndClicks() {
        AccountId account = accounts.create("wf-list-" + UUID.randomUUID(), ZoneId.of("UTC"));
        ApiClient api = new ApiClient("http://localhost:" + port, tokens.issue(account, "test").token());
        long anna = contact(api, "{\"firstName\":\"Anna\",\"phone\":\"79993100001\"}");
        long boris = contact(api, "{\"firstName\":\"Boris\",\"phone\":\"79993100002\"}");
        long welcome = workflow(api, """
                {"name": "Welcome", "trigger": {"type": "event", "eventTypeKey": "signedUp"}, "start": "hello",
                 "steps": {"hello": {"type": "send", "useShortLinks": true,
                                     "channels": {"sms": {"text": "Hello, see https://shop.example.com/welcome/offers?utm_source=workflow&utm_medium=sms&utm_campaign=welcome"}}, "next": "end"},
                           "end": {"type": "stop"}}}""");
        long slow = workflow(api, """
                {"name": "Slow", "trigger": {"type": "event", "eventTypeKey": "cartAbandoned"}, "start": "wait",
                 "steps": {"wait": {"type": "delay", "duration": "PT1H", "next": "end"}, "end": {"type": "stop"}}}""");
        long idle = workflow(api, """
                {"name": "Idle", "trigger": {"type": "event", "eventTypeKey": "neverSent"}, "start": "end",
                 "steps": {"end": {"type": "stop"}}}""");

        event(api, "signedUp", anna);
        event(api, "signedUp", boris);
        event(api, "cartAbandoned", anna);
        eventually().atMost(Duration.ofSeconds(20)).until(() ->
                api.get("/api/v1/workflows/" + welcome + "/stats").json().at("/runsByStatus/COMPLETED").asInt() == 2
                        && api.get("/api/v1/workflows/" + slow + "/stats").json().at("/runs").asInt() == 1);
        eventually().until(() -> api.get("/api/v1/sandbox/messages?channel=sms").json().get("items").size() == 2);
        String sms = api.get("/api/v1/sandbox/messages?channel=sms").json().at("/items/0/content/text").asString();
        Matcher link = SHORT_LINK.matcher(sms);
        assertThat(link.find()).as(sms).isTrue();
        assertThat(anonymous().get("/l/" + link.group(1)).status()).isIn(301, 302, 303, 307, 308);
        eventually().until(() -> api.get("/api/v1/workflows/" + welcome + "/stats").json().at("/steps/hello/clicked").asInt() == 1);

        String username = "wf-list-" + UUID.randomUUID().toString().substring(0, 8);
        users.create(account, username, PASSWORD);
        ConsoleSession console = new ConsoleSession("http://localhost:" + port);
        console.signIn(username, PASSWORD);
        ConsoleSession.Page page = console.get("/console/workflows");
        assertThat(page.status()).isEqualTo(200);
        Map<Long, List<String>> rows = rows(page.body());

        // version, entered, waiting, finished, reached the end, clicked
        assertThat(rows.get(welcome)).containsExactly("1", "2", "0", "2", "2 (100%)", "1");
        assertThat(rows.get(slow)).containsExactly("1", "1", "1", "0", "0 (0%)", "0");
        assertThat(rows.get(idle)).containsExactly("1", "0", "0", "0", "0", "0");
        for (long id : List.of(welcome, slow, idle)) {
            var stats = api.get("/api/v1/workflows/" + id + "/stats").json();
            assertThat(rows.get(id).get(1)).isEqualTo(String.valueOf(stats.get("runs").asLong()));
            assertThat(rows.get(id).get(2)).isEqualTo(String.valueOf(stats.at("/runsByStatus/ACTIVE").asLong(0)));
        }
    }

    private static long workflow(ApiClient api, String definition) {
        ApiClient.Response created = api.post("/api/v1/workflows", definition);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    private static void event(ApiClient api, String type, long contact) {
        ApiClient.Response posted = api.post("/api/v1/event", ApiClient.json(Map.of("eventTypeKey", type,
                "params", List.of(Map.of("name", "contactId", "value", String.valueOf(contact))))));
        assertThat(posted.status()).as(posted.text()).isEqualTo(200);
    }

    /** The numbers of each row of the list, by workflow id. */
    private static Map<Long, List<String>> rows(String html) {
        Map<Long, List<String>> rows = new java.util.HashMap<>();
        Matcher row = ROW.matcher(html);
        while (row.find()) {
            List<String> cells = new ArrayList<>();
            Matcher cell = CELL.matcher(row.group());
            while (cell.find()) {
                cells.add(cell.group(1).strip());
            }
            rows.put(Long.parseLong(row.group(1)), cells);
        }
        return rows;
    }
}
