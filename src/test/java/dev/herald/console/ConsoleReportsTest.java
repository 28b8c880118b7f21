package dev.herald.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.ConsoleSession;
import dev.herald.HeraldTest;
import dev.herald.auth.AccountId;
import dev.herald.auth.Role;
import dev.herald.auth.Users;
import dev.herald.task.TaskControl;
import java.io.IOException;
import java.io.StringReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Campaign reports over HTTP: the message log found by a send task's name and days, its CSV download (the API's
 * listing for the same filter, formula-looking cells escaped), a task's report and downloads, the dashboard's
 * range, and none of it reaching another account.
 */
class ConsoleReportsTest extends HeraldTest {

    private static final String PASSWORD = "reports test password";

    @Autowired
    Users users;
    @Autowired
    TaskControl control;

    private AccountId account;
    private ApiClient api;
    private ConsoleSession console;
    private String taskId;
    private String bulkId;

    @BeforeEach
    void aFinishedTask() throws IOException {
        account = accounts.create("reports-" + UUID.randomUUID(), ZoneId.of("Europe/Moscow"));
        api = new ApiClient("http://localhost:" + port, tokens.issue(account, "test").token());
        console = signedIn(account);
        String name = "Зимняя акция " + UUID.randomUUID().toString().substring(0, 6);
        ApiClient.Response created = api.post("/api/v1/tasks",
                "{\"name\":\"" + name + "\",\"channels\":{\"sms\":{\"text\":\"=1+2 скидка\"}}}");
        assertThat(created.status()).isEqualTo(201);
        taskId = created.json().get("id").asString();
        Path file = Files.createTempFile("recipients", ".csv");
        // ...1 is delivered by the sandbox, ...9 fails; the bad row looks like a formula
        Files.writeString(file, "phone\n79031000001\n79031000011\n79031000029\n=HYPERLINK(\"x\")\n");
        control.upload(account, UUID.fromString(taskId), file, "recipients.csv");
        api.post("/api/v1/tasks/" + taskId + "/start", "");
        eventually().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode task = api.get("/api/v1/tasks/" + taskId).json();
            return task.get("status").asString().equals("DONE") && task.at("/progress/delivered").asInt() == 2
                    && task.at("/progress/failed").asInt() == 1;
        });
        bulkId = api.get("/api/v1/tasks/" + taskId).json().get("bulkId").asString();
    }

    private ConsoleSession signedIn(AccountId of) {
        String username = "reports-" + UUID.randomUUID().toString().substring(0, 8);
        users.create(of, username, PASSWORD, Role.OPERATOR);
        ConsoleSession session = new ConsoleSession("http://localhost:" + port);
        assertThat(session.signIn(username, PASSWORD).location()).endsWith("/console");
        return session;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static List<CSVRecord> csv(String body) throws IOException {
        assertThat(body).startsWith("\uFEFF");
        return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(body.substring(1))).getRecords();
    }

    @Test
    void theMessageLogIsFoundByTheTasksNameAndItsDownloadIsTheApisListing() throws IOException {
        ConsoleSession.Page page = console.get("/console/messages?campaign=" + encode("зимняя АКЦИЯ"));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<span id=\"count\">3</span>").contains("=1+2 скидка");

        String filter = "campaign=" + encode("зимняя") + "&status=DELIVERED";
        ConsoleSession.Page download = console.get("/console/messages.csv?" + filter);
        assertThat(download.status()).isEqualTo(200);
        List<CSVRecord> rows = csv(download.body());
        JsonNode listed = api.get("/api/v1/messages?bulkId=" + bulkId + "&status=DELIVERED").json();
        List<String> apiIds = new ArrayList<>();
        listed.get("items").forEach(m -> apiIds.add(m.get("id").asString()));
        assertThat(rows).extracting(r -> r.get("Message id")).containsExactlyElementsOf(apiIds).hasSize(2);
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.get("Status")).isEqualTo("DELIVERED");
            assertThat(r.get("Text")).isEqualTo("'=1+2 скидка"); // a formula-looking cell is escaped
            assertThat(r.get("Bulk id")).isEqualTo(bulkId);
        });
        assertThat(rows.getFirst().toMap()).containsKey("Created (Europe/Moscow)");

        // oldest first is the API's order reversed (their times differ within one task only by the ids' tie-break)
        List<CSVRecord> oldest = csv(console.get("/console/messages.csv?" + filter + "&sort=oldest").body());
        assertThat(oldest).extracting(r -> r.get("Message id")).containsExactlyInAnyOrderElementsOf(apiIds);
    }

    @Test
    void daysAreTheAccountsAndBadFiltersAreNamed() throws IOException {
        String today = java.time.LocalDate.now(ZoneId.of("Europe/Moscow")).toString();
        String yesterday = java.time.LocalDate.now(ZoneId.of("Europe/Moscow")).minusDays(1).toString();
        assertThat(csv(console.get("/console/messages.csv?bulk=" + bulkId + "&from=" + today + "&to=" + today).body()))
                .hasSize(3);
        assertThat(csv(console.get("/console/messages.csv?bulk=" + bulkId + "&to=" + yesterday).body())).isEmpty();

        ConsoleSession.Page bad = console.get("/console/messages.csv?from=2026-13-01");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("from").contains("A day like 2026-11-23.");
        assertThat(console.get("/console/messages.csv?sort=sideways").status()).isEqualTo(400);
        assertThat(console.get("/console/messages.csv?status=LOST").status()).isEqualTo(400);
        ConsoleSession.Page page = console.get("/console/messages?to=" + yesterday + "&from=" + today);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("The last day comes before the first.");
        assertThat(console.get("/console/messages?campaign=" + encode("no such campaign")).body())
                .contains("No send task or broadcast has a name with");
    }

    @Test
    void aTaskHasItsRatesAndItsDownloads() throws IOException {
        ConsoleSession.Page report = console.get("/console/tasks/" + taskId + "/report");
        assertThat(report.status()).isEqualTo(200);
        // 3 messages: 2 delivered, 1 failed
        assertThat(report.body()).contains("id=\"delivery-rate\">66.7 %").contains("id=\"failure-rate\">33.3 %")
                .contains("SMS");

        List<CSVRecord> results = csv(console.get("/console/tasks/" + taskId + "/results.csv").body());
        assertThat(results).hasSize(3).extracting(r -> r.get("Recipient"))
                .containsExactlyInAnyOrder("79031000001", "79031000011", "79031000029");

        List<CSVRecord> errors = csv(console.get("/console/tasks/" + taskId + "/errors.csv").body());
        assertThat(errors).hasSize(1);
        assertThat(errors.getFirst().get("Row")).isEqualTo("5");
        assertThat(errors.getFirst().get("Value")).startsWith("'=HYPERLINK");
    }

    @Test
    void theDashboardCountsTheChosenDaysWithRatesAndCustomersReached() {
        String today = java.time.LocalDate.now(ZoneId.of("Europe/Moscow")).toString();
        ConsoleSession.Page dashboard = console.get("/console?from=" + today + "&to=" + today);
        assertThat(dashboard.status()).isEqualTo(200);
        assertThat(dashboard.body()).contains("id=\"today-total\">3").contains("id=\"reached\">2")
                .contains("66.7 % of all").contains("33.3 % of all")
                .contains("/console/messages?from=" + today + "&amp;to=" + today + "&amp;status=DELIVERED,READ,CLICKED");
        assertThat(console.get("/console?from=" + today + "&to=2020-01-01").body())
                .contains("The last day comes before the first.");
        assertThat(console.get("/console?from=yesterday").status()).isEqualTo(200);
    }

    @Test
    void anotherAccountSeesNoneOfIt() throws IOException {
        ConsoleSession other = signedIn(accounts.create("reports-other-" + UUID.randomUUID(), ZoneId.of("UTC")));
        assertThat(other.get("/console/tasks/" + taskId + "/results.csv").status()).isEqualTo(404);
        assertThat(other.get("/console/tasks/" + taskId + "/errors.csv").status()).isEqualTo(404);
        assertThat(other.get("/console/tasks/" + taskId + "/report").status()).isEqualTo(404);
        assertThat(csv(other.get("/console/messages.csv?bulk=" + bulkId).body())).isEmpty();
        assertThat(other.get("/console/messages.csv?campaign=" + encode("Зимняя")).status()).isEqualTo(400);
        assertThat(other.get("/console?from=2020-01-01&to=2020-12-31").body()).contains("id=\"today-total\">0");
    }
}
