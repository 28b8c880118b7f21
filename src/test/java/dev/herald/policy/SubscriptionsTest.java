package dev.herald.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Subscription categories, a contact's subscriptions and opt-outs in eSputnik's methods, List-Unsubscribe one-click
 * through a real mailbox (GreenMail), double opt-in, and what the engine then does with a message of a category.
 */
class SubscriptionsTest extends HeraldTest {

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("herald", "s3cret"))
            .withPerMethodLifecycle(false);

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aOneClickListUnsubscribeStopsTheCategoryOnEmailOnlyAndTheCascadeMovesOnToSms() throws Exception {
        ApiClient api = newAccount();
        connectGreenMail(api);
        assertThat(api.postJson("/api/v1/subscriptions", Map.of("key", "promo", "name", "Promotions")).status())
                .isEqualTo(201);
        String email = "one-click-" + UUID.randomUUID() + "-a@example.com";
        long contactId = api.postJson("/api/v1/contacts", Map.of("email", email, "phone", "79005550001")).json()
                .get("contactId").asLong();

        String first = send(api, "promo", Map.of("email", Map.of("subject", "Sale", "text",
                "50% off. Unsubscribe: {unsubscribeUrl}")), Map.of("contactId", contactId));
        awaitStatus(api, first, "SENT");
        MimeMessage received = receivedBy(email);
        String header = received.getHeader("List-Unsubscribe", null);
        assertThat(received.getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");
        Matcher url = Pattern.compile("<(http://localhost:\\d+/u/[A-Za-z0-9_-]{43})>").matcher(header);
        assertThat(url.matches()).as(header).isTrue();
        assertThat(GreenMailUtil.getBody(received)).contains(url.group(1));

        // What a mailbox does (RFC 8058): a POST without cookies or token, the body List-Unsubscribe=One-Click.
        HttpResponse<String> oneClick = HTTP.send(HttpRequest.newBuilder(URI.create(url.group(1)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(oneClick.statusCode()).isEqualTo(200);
        assertThat(oneClick.body()).contains("'promo' messages by email");

        JsonNode activity = api.get("/api/v1/contact/" + contactId + "/subscriptions/activity").json();
        assertThat(activity.get(0).get("kind").asString()).isEqualTo("unsubscribed");
        assertThat(activity.get(0).get("detail").asString()).isEqualTo("list-unsubscribe");
        assertThat(activity.get(0).get("category").asString()).isEqualTo("promo");
        assertThat(activity.get(0).get("messageId").asString()).isEqualTo(first);

        // The next promo: e-mail refused, the cascade goes on to SMS, which the contact still allows.
        Map<String, Object> cascade = new LinkedHashMap<>();
        cascade.put("email", Map.of("subject", "Sale 2", "text", "more"));
        cascade.put("sms", Map.of("text", "Sale 2", "provider", "sandbox"));
        JsonNode item = sendItem(api, "promo", cascade, Map.of("contactId", contactId), null);
        JsonNode refused = awaitStatus(api, item.get("id").asString(), "FAILED");
        assertThat(refused.get("error").get("code").asString()).isEqualTo("UNSUBSCRIBED");
        eventually().until(() -> api.get("/api/v1/messages?flowId=" + item.get("flowId").asString()
                + "&channel=sms&status=DELIVERED").json().get("count").asLong() == 1);
        // A transactional e-mail (no category) still goes.
        awaitStatus(api, send(api, null, Map.of("email", Map.of("subject", "Receipt", "text", "thanks")),
                Map.of("email", email)), "SENT");

        JsonNode stats = api.get("/api/v1/statistics/policy").json();
        assertThat(stats.toString()).contains("\"code\":\"UNSUBSCRIBED\",\"channel\":\"email\",\"messages\":1");
        // Repeating the click changes nothing; a forged token is refused.
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(url.group(1)))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(200);
        String forged = url.group(1).substring(0, url.group(1).length() - 2) + "AA";
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(forged)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        assertThat(api.get("/api/v1/contact/" + contactId + "/subscriptions/activity").json().size()).isEqualTo(1);
    }

    @Test
    void theLinkInAMessageShowsAPageAndUnsubscribesOnlyOnItsButton() throws Exception {
        ApiClient api = newAccount();
        connectGreenMail(api);
        api.postJson("/api/v1/subscriptions", Map.of("key", "news"));
        String email = "link-" + UUID.randomUUID() + "-a@example.com";
        long contactId = api.postJson("/api/v1/contacts", Map.of("email", email)).json().get("contactId").asLong();
        awaitStatus(api, send(api, "news", Map.of("email", Map.of("subject", "News", "html",
                "<a href=\"{unsubscribeUrl}\">unsubscribe</a>")), Map.of("email", email)), "SENT");
        Matcher link = Pattern.compile("href=\"(http://localhost:\\d+/u/[A-Za-z0-9_-]{43})\"")
                .matcher(GreenMailUtil.getBody(receivedBy(email)).replace("=\r\n", "").replace("=3D", "="));
        assertThat(link.find()).isTrue();

        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(link.group(1))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<form method=\"post\">");
        assertThat(api.get("/api/v1/contact/" + contactId + "/subscriptions/activity").json().size())
                .as("opening the page (a link scanner) unsubscribes nobody").isZero();

        HTTP.send(HttpRequest.newBuilder(URI.create(link.group(1)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(api.get("/api/v1/contact/" + contactId + "/subscriptions/activity").json().get(0).get("detail")
                .asString()).isEqualTo("link");
        JsonNode refused = awaitStatus(api, send(api, "news", Map.of("email", Map.of("subject", "News 2", "text", "x")),
                Map.of("email", email)), "FAILED");
        assertThat(refused.get("error").get("code").asString()).isEqualTo("UNSUBSCRIBED");
        assertThat(refused.get("history").toString()).contains("UNSUBSCRIBED");
    }

    @Test
    void esputnikSubscriptionMethodsSetAndReadAContactsCategories() {
        ApiClient api = newAccount();
        for (String key : List.of("news", "promo", "tips")) {
            assertThat(api.postJson("/api/v1/subscriptions", Map.of("key", key)).status()).isEqualTo(201);
        }
        assertThat(api.postJson("/api/v1/subscriptions", Map.of("key", "news")).status()).isEqualTo(409);
        assertThat(api.get("/api/v1/subscriptions").json().toString()).isEqualTo("[\"news\",\"promo\",\"tips\"]");
        long id = api.postJson("/api/v1/contacts", Map.of("email", "subs-" + UUID.randomUUID() + "-a@example.com",
                "phone", "79005550011")).json().get("contactId").asLong();
        assertThat(api.get("/api/v1/contact/" + id + "/subscriptions").json().size()).isEqualTo(3);

        ApiClient.Response put = api.put("/api/v1/contact/" + id + "/subscriptions", "{\"subscriptions\":[\"news\"]}");
        assertThat(put.status()).as(put.text()).isEqualTo(200);
        assertThat(api.get("/api/v1/contact/" + id + "/subscriptions").json().toString()).isEqualTo("[\"news\"]");
        // A promo SMS is refused now (the opt-out is of every channel); news goes.
        JsonNode promo = awaitStatus(api, send(api, "promo", Map.of("sms", Map.of("text", "sale")),
                Map.of("contactId", id)), "FAILED");
        assertThat(promo.get("error").get("code").asString()).isEqualTo("UNSUBSCRIBED");
        awaitStatus(api, send(api, "news", Map.of("sms", Map.of("text", "hi")), Map.of("contactId", id)), "DELIVERED");
        // Found by its phone too, without a contactId.
        assertThat(awaitStatus(api, send(api, "promo", Map.of("sms", Map.of("text", "sale")),
                Map.of("phone", "79005550011")), "FAILED").get("error").get("code").asString()).isEqualTo("UNSUBSCRIBED");

        ApiClient.Response unknown = api.put("/api/v1/contact/" + id + "/subscriptions", "{\"subscriptions\":[\"nope\"]}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.text()).contains("subscriptions[0]");
        assertThat(api.put("/api/v1/contact/" + id + "/subscriptions", "{}").text()).contains("subscriptions");
        assertThat(api.get("/api/v1/contact/999999/subscriptions").status()).isEqualTo(404);
        ApiClient.Response badCategory = api.post("/api/v1/messages", "{\"messages\":[{\"category\":\"nope\","
                + "\"channels\":{\"sms\":{\"text\":\"x\"}},\"destinations\":[{\"phone\":\"79005550002\"}]}]}");
        assertThat(badCategory.status()).isEqualTo(400);
        assertThat(badCategory.text()).contains("messages[0].category");

        assertThat(api.delete("/api/v1/subscriptions/tips").status()).isEqualTo(204);
        assertThat(api.delete("/api/v1/subscriptions/tips").status()).isEqualTo(404);
    }

    @Test
    void unsubscribedEmailsGetNoCategoryEmailButTransactionalOnes() {
        ApiClient api = newAccount();
        api.postJson("/api/v1/subscriptions", Map.of("key", "promo"));
        String email = "Listed-" + UUID.randomUUID() + "-a@Example.com";
        assertThat(api.postJson("/api/v1/emails/unsubscribed/add", Map.of("emails", List.of(email))).status())
                .isEqualTo(200);
        JsonNode refused = awaitStatus(api, send(api, "promo", Map.of("email", Map.of("subject", "s", "text", "t")),
                Map.of("email", email.toLowerCase())), "FAILED");
        assertThat(refused.get("error").get("code").asString()).isEqualTo("UNSUBSCRIBED");
        awaitStatus(api, send(api, null, Map.of("email", Map.of("subject", "s", "text", "t")), Map.of("email", email)),
                "DELIVERED");

        assertThat(api.postJson("/api/v1/emails/unsubscribed/delete", Map.of("emails", List.of(email))).status())
                .isEqualTo(200);
        awaitStatus(api, send(api, "promo", Map.of("email", Map.of("subject", "s", "text", "t")), Map.of("email", email)),
                "DELIVERED");

        ApiClient.Response bad = api.postJson("/api/v1/emails/unsubscribed/add", Map.of("emails", List.of("x", "a@b.c")));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text()).contains("emails[0]");
        assertThat(api.post("/api/v1/emails/unsubscribed/add", "{}").status()).isEqualTo(400);
        assertThat(api.post("/api/v1/emails/unsubscribed/add", "not json").status()).isEqualTo(400);
    }

    @Test
    void doubleOptInSubscribesOnlyAfterTheConfirmationLinkIsClicked() throws Exception {
        ApiClient api = newAccount();
        connectGreenMail(api);
        api.postJson("/api/v1/subscriptions", Map.of("key", "news"));
        assertThat(api.put("/api/v1/policy", "{\"doubleOptIn\":true}").status()).isEqualTo(200);
        String email = "optin-" + UUID.randomUUID() + "-a@example.com";

        JsonNode answer = api.post("/api/v1/contact/subscribe", "{\"contact\":{\"firstName\":\"Ann\",\"channels\":"
                + "[{\"type\":\"email\",\"value\":\"" + email + "\"}]},\"formType\":\"footer\"}").json();
        assertThat(answer.get("confirmationRequired").asBoolean()).isTrue();
        long id = answer.get("id").asLong();
        // Until the click, nothing but the confirmation reaches the new contact.
        JsonNode early = awaitStatus(api, send(api, "news", Map.of("email", Map.of("subject", "s", "text", "t")),
                Map.of("contactId", id)), "FAILED");
        assertThat(early.get("error").get("code").asString()).isEqualTo("UNSUBSCRIBED");

        MimeMessage confirmation = receivedBy(email);
        Matcher link = Pattern.compile("(http://localhost:\\d+/u/confirm/[A-Za-z0-9_-]{43})")
                .matcher(GreenMailUtil.getBody(confirmation));
        assertThat(link.find()).isTrue();
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(link.group(1))).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body()).contains("Confirm");
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(link.group(1))).POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(link.group(1))).POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).as("used once").isEqualTo(404);

        awaitStatus(api, send(api, "news", Map.of("email", Map.of("subject", "s", "text", "t")), Map.of("contactId", id)),
                "SENT");
        assertThat(api.get("/api/v1/contact/" + id + "/subscriptions/activity").json().toString())
                .contains("confirmation-sent", "confirmed");

        ApiClient.Response empty = api.post("/api/v1/contact/subscribe", "{\"contact\":{\"channels\":[]}}");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.text()).contains("contact.channels");
        ApiClient.Response badType = api.post("/api/v1/contact/subscribe",
                "{\"contact\":{\"channels\":[{\"type\":\"fax\",\"value\":\"1\"}]}}");
        assertThat(badType.text()).contains("contact.channels[0].type");
        assertThat(api.post("/api/v1/contact/subscribe", "{}").text()).contains("contact");
    }

    @Test
    void anotherAccountSeesNothingAndChangesNothing() {
        ApiClient owner = newAccount();
        ApiClient other = newAccount();
        owner.postJson("/api/v1/subscriptions", Map.of("key", "promo"));
        long id = owner.postJson("/api/v1/contacts", Map.of("email", "mine-" + UUID.randomUUID() + "-a@example.com"))
                .json().get("contactId").asLong();

        assertThat(other.get("/api/v1/subscriptions").json().size()).isZero();
        assertThat(other.get("/api/v1/contact/" + id + "/subscriptions").status()).isEqualTo(404);
        assertThat(other.put("/api/v1/contact/" + id + "/subscriptions", "{\"subscriptions\":[]}").status())
                .isEqualTo(404);
        assertThat(other.get("/api/v1/contact/" + id + "/subscriptions/activity").status()).isEqualTo(404);
        assertThat(other.delete("/api/v1/subscriptions/promo").status()).isEqualTo(404);
        assertThat(other.post("/api/v1/messages", "{\"messages\":[{\"category\":\"promo\",\"channels\":{\"sms\":"
                + "{\"text\":\"x\"}},\"destinations\":[{\"phone\":\"79005550003\"}]}]}").status()).isEqualTo(400);
        assertThat(owner.get("/api/v1/contact/" + id + "/subscriptions").json().toString()).isEqualTo("[\"promo\"]");
        assertThat(anonymous().get("/api/v1/subscriptions").status()).isEqualTo(401);
    }

    @Test
    void hostileInputIsRefusedNamingTheField() {
        ApiClient api = newAccount();
        assertThat(api.postJson("/api/v1/subscriptions", Map.of("key", "Bad Key!")).text()).contains("\"key\"");
        assertThat(api.postJson("/api/v1/subscriptions", Map.of("key", "x".repeat(65))).status()).isEqualTo(400);
        assertThat(api.postJson("/api/v1/subscriptions", Map.of("key", "ok", "name", "n".repeat(256))).text())
                .contains("name");
        ApiClient.Response policy = api.put("/api/v1/policy", "{\"quietHours\":{\"from\":\"25:00\",\"to\":\"08:00\"},"
                + "\"frequencyCaps\":[{\"category\":\"nope\",\"maxMessages\":0,\"periodDays\":400}, null]}");
        assertThat(policy.status()).isEqualTo(400);
        assertThat(policy.text()).contains("quietHours.from", "frequencyCaps[0].category", "frequencyCaps[0].maxMessages",
                "frequencyCaps[0].periodDays", "frequencyCaps[1]");
        assertThat(api.put("/api/v1/policy", "{\"quietHours\":{\"from\":\"08:00\",\"to\":\"08:00\"}}").text())
                .contains("quietHours.to");
        assertThat(api.put("/api/v1/policy", "[1,2]").status()).isEqualTo(400);
        String many = "[" + String.join(",", java.util.Collections.nCopies(1001, "\"a@b.cd\"")) + "]";
        assertThat(api.post("/api/v1/emails/unsubscribed/add", "{\"emails\":" + many + "}").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/contact/abc/subscriptions").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/statistics/policy?from=2020-01-01T00:00:00Z&to=2019-01-01T00:00:00Z").status())
                .isEqualTo(400);
        assertThat(api.postJson("/api/v1/messages", Map.of("messages", List.of(Map.of("category", "a b",
                "channels", Map.of("sms", Map.of("text", "x")), "destinations", List.of(Map.of("phone", "79005550004"))))))
                .text()).contains("messages[0].category");
    }

    private static String send(ApiClient api, String category, Map<String, ?> channels, Map<String, ?> destination) {
        return sendItem(api, category, channels, destination, null).get("id").asString();
    }

    static JsonNode sendItem(ApiClient api, String category, Map<String, ?> channels, Map<String, ?> destination,
                             Boolean critical) {
        Map<String, Object> group = new LinkedHashMap<>();
        if (category != null) {
            group.put("category", category);
        }
        if (critical != null) {
            group.put("critical", critical);
        }
        group.put("channels", channels);
        group.put("destinations", List.of(destination));
        ApiClient.Response response = api.postJson("/api/v1/messages", Map.of("messages", List.of(group)));
        assertThat(response.status()).as(response.text()).isEqualTo(201);
        return response.json().get(0);
    }

    private static void connectGreenMail(ApiClient api) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("host", "127.0.0.1");
        settings.put("port", String.valueOf(MAIL.getSmtp().getPort()));
        settings.put("security", "none");
        settings.put("username", "herald");
        settings.put("password", "s3cret");
        settings.put("fromAddress", "news@shop.example");
        ApiClient.Response created = api.postJson("/api/v1/providers", Map.of("name", "mail", "type", "smtp",
                "settings", settings));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
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
}
