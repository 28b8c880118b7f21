package dev.herald.esputnik;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** eSputnik's sending and account methods through HTTP with eSputnik-shaped bodies, into the sandbox. */
class EsputnikSendTest extends HeraldTest {

    @Test
    void anSmsToPhoneNumbersAnswersAResultPerNumberAndItsStatusIsReadBack() {
        ApiClient api = newAccount();
        ApiClient.Response sent = api.post("/api/v1/message/sms",
                "{\"from\":\"Shop\",\"text\":\"Your code 1234\",\"phoneNumbers\":[\"+380501234561\",\"380501234569\"],\"tags\":[\"otp\"]}");

        assertThat(sent.status()).as(sent.text()).isEqualTo(200);
        JsonNode body = sent.json();
        assertThat(body.get("id").asLong()).isZero();
        JsonNode results = body.get("results");
        assertThat(results.findValuesAsString("locator")).containsExactly("+380501234561", "380501234569");
        assertThat(results.findValuesAsString("status")).containsExactly("OK", "OK");
        String delivered = results.get(0).get("requestId").asString();
        String failed = results.get(1).get("requestId").asString();
        awaitStatus(api, delivered, "DELIVERED");
        awaitStatus(api, failed, "FAILED");

        JsonNode statuses = api.get("/api/v1/message/status?ids=" + delivered + "," + failed).json().get("results");
        assertThat(statuses.get(0).get("requestId").asString()).isEqualTo(delivered);
        assertThat(statuses.get(0).get("status").asString()).isEqualTo("DELIVERED");
        assertThat(statuses.get(0).get("delivered").asBoolean()).isTrue();
        assertThat(statuses.get(1).get("failed").asBoolean()).isTrue();
        JsonNode outbox = api.get("/api/v1/sandbox/messages?channel=sms").json().get("items");
        assertThat(outbox.findValuesAsString("address")).contains("380501234561");
        assertThat(outbox.get(0).get("content").get("from").asString()).isEqualTo("Shop");
    }

    @Test
    void anEmailAndAViberMessageGoToTheirAddresses() {
        ApiClient api = newAccount();
        ApiClient.Response email = api.post("/api/v1/message/email", "{\"from\":\"\\\"Shop\\\" <news@shop.example>\","
                + "\"subject\":\"Sale\",\"htmlText\":\"<p>Sale!</p>\",\"plainText\":\"Sale!\",\"emails\":[\"ann@example.com\"]}");
        assertThat(email.status()).as(email.text()).isEqualTo(200);
        awaitStatus(api, email.json().at("/results/0/requestId").asString(), "DELIVERED");
        JsonNode mail = api.get("/api/v1/sandbox/messages?channel=email").json().at("/items/0/content");
        assertThat(mail.get("subject").asString()).isEqualTo("Sale");
        assertThat(mail.get("html").asString()).isEqualTo("<p>Sale!</p>");

        ApiClient.Response viber = api.post("/api/v1/message/viber", "{\"from\":\"Shop\",\"text\":\"New offer\","
                + "\"phoneNumbers\":[\"380501230001\"],\"buttonText\":\"Open\",\"buttonUrl\":\"https://shop.example/o\"}");
        assertThat(viber.status()).as(viber.text()).isEqualTo(200);
        awaitStatus(api, viber.json().at("/results/0/requestId").asString(), "DELIVERED");
        assertThat(api.get("/api/v1/sandbox/messages?channel=viber").json().at("/items/0/content/text").asString())
                .isEqualTo("New offer\nOpen: https://shop.example/o");
    }

    @Test
    void smartsendFillsAStoredTemplatePerRecipientAndNamesEachFailure() {
        ApiClient api = newAccount();
        String template = api.post("/api/v1/templates", "{\"name\":\"Order\",\"channels\":{\"sms\":"
                + "{\"text\":\"{{firstName}}, order {{orderId}} is on its way\"}}}").json().get("id").asString();
        long contact = api.post("/api/v1/contacts", "{\"phone\":\"380501110002\"}").json().get("contactId").asLong();

        ApiClient.Response sent = api.post("/api/v1/message/" + template + "/smartsend", "{\"recipients\":["
                + "{\"locator\":\"380501110001\",\"jsonParam\":\"{\\\"firstName\\\":\\\"John\\\",\\\"orderId\\\":\\\"JN-1\\\"}\"},"
                + "{\"contactId\":" + contact + ",\"jsonParam\":\"{\\\"firstName\\\":\\\"Ann\\\",\\\"orderId\\\":\\\"JN-2\\\"}\"},"
                + "{\"locator\":\"380501110003\",\"jsonParam\":\"{\\\"firstName\\\":\\\"Bob\\\"}\"}"
                + "],\"email\":false,\"fromName\":\"V-COMP\"}");

        assertThat(sent.status()).as(sent.text()).isEqualTo(200);
        JsonNode results = sent.json().get("results");
        assertThat(results.findValuesAsString("locator")).containsExactly("380501110001", String.valueOf(contact), "380501110003");
        assertThat(results.findValuesAsString("status")).containsExactly("OK", "OK", "ERROR");
        assertThat(results.get(2).get("message").asString()).contains("orderId");
        awaitStatus(api, results.get(1).get("requestId").asString(), "DELIVERED");
        List<String> texts = api.get("/api/v1/sandbox/messages?channel=sms").json().get("items").findValuesAsString("text");
        assertThat(texts).contains("John, order JN-1 is on its way", "Ann, order JN-2 is on its way");
    }

    @Test
    void badBodiesAre400sNamingTheEsputnikField() {
        ApiClient api = newAccount();
        assertThat(fields(api.post("/api/v1/message/sms", "{\"from\":\"Shop\",\"text\":\"x\"}"))).containsExactly("phoneNumbers");
        assertThat(fields(api.post("/api/v1/message/sms", "{\"from\":\"Shop\",\"text\":\"x\",\"phoneNumbers\":[\"\"]}")))
                .containsExactly("phoneNumbers[0]");
        assertThat(fields(api.post("/api/v1/message/sms", "{\"from\":\"Shop\",\"phoneNumbers\":[\"380501234561\"]}")))
                .allMatch(f -> f.startsWith("text") || f.equals("sms"));
        assertThat(fields(api.post("/api/v1/message/email", "{\"from\":\"a@b.c\",\"subject\":\"s\",\"plainText\":\"t\","
                + "\"emails\":[\"not-an-address\"]}"))).containsExactly("emails[0]");
        assertThat(fields(api.post("/api/v1/message/x/smartsend", "{\"recipients\":[]}"))).containsExactly("recipients");
        assertThat(fields(api.post("/api/v1/message/x/smartsend", "{\"recipients\":[{\"jsonParam\":\"{}\"}]}")))
                .containsExactly("recipients[0]");
        assertThat(fields(api.post("/api/v1/message/x/smartsend", "{\"recipients\":[{\"locator\":\"380501234561\","
                + "\"jsonParam\":\"{broken\"}]}"))).containsExactly("recipients[0].jsonParam");
        assertThat(fields(api.get("/api/v1/message/status"))).containsExactly("ids");
        assertThat(fields(api.get("/api/v1/message/status?ids=nope"))).containsExactly("ids");
    }

    @Test
    void anotherAccountsMessagesAndTemplatesAreOutOfReach() {
        ApiClient mine = newAccount();
        ApiClient theirs = newAccount();
        String theirTemplate = theirs.post("/api/v1/templates", "{\"name\":\"T\",\"channels\":{\"sms\":{\"text\":\"Hi\"}}}")
                .json().get("id").asString();
        String theirMessage = theirs.post("/api/v1/message/sms", "{\"from\":\"S\",\"text\":\"x\",\"phoneNumbers\":[\"380501234561\"]}")
                .json().at("/results/0/requestId").asString();

        assertThat(mine.get("/api/v1/message/status?ids=" + theirMessage).json().get("results")).isEmpty();
        ApiClient.Response smart = mine.post("/api/v1/message/" + theirTemplate + "/smartsend",
                "{\"recipients\":[{\"locator\":\"380501234561\"}],\"email\":false}");
        assertThat(smart.status()).isEqualTo(400);
        assertThat(smart.json().get("errors").findValuesAsString("field")).containsExactly("id");
    }

    @Test
    void theAccountsInfoBalanceSendersAndAddressBookAnswerInEsputniksShape() {
        ApiClient api = newAccount();
        JsonNode info = api.get("/api/v1/account/info").json();
        assertThat(info.get("organisationName").asString()).startsWith("test-");
        JsonNode balance = api.get("/api/v1/balance").json();
        assertThat(balance.get("currentBalance").asDouble()).isZero();
        assertThat(balance.get("creditLimit").asDouble()).isZero();
        assertThat(balance.get("currency").asString()).isEqualTo("EUR");
        assertThat(balance.has("bonusSmses")).isTrue();
        JsonNode sms = api.get("/api/v1/interfaces/sms").json();
        assertThat(sms.get(0).get("sender").asString()).isEqualTo("Herald");
        assertThat(api.get("/api/v1/interfaces/email").json()).isNotEmpty();
        assertThat(api.get("/api/v1/interfaces/pigeon").status()).isEqualTo(404);
        JsonNode books = api.get("/api/v1/addressbooks").json().get("addressBook");
        assertThat(books.get(0).get("fieldGroups").get(0).get("fields")).isEmpty();
    }

    private static List<String> fields(ApiClient.Response response) {
        assertThat(response.status()).as(response.text()).isEqualTo(400);
        return response.json().get("errors").findValuesAsString("field");
    }
}
