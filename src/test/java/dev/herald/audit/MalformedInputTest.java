package dev.herald.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import dev.herald.chat.ChatFixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Bad bodies, wrong types and malformed ids against every endpoint of the providers, contacts, apps, chats,
 * bots, sessions and statistics APIs: each is a 4xx problem, never a 500.
 */
class MalformedInputTest extends HeraldTest {

    private static final List<String> BAD_BODIES = List.of("not json", "[]", "null", "\"text\"", "42", "{",
            "{\"name\": {}, \"type\": [], \"settings\": \"x\", \"messengers\": \"x\", \"contacts\": 5, \"tokens\": {},"
                    + " \"text\": {}, \"from\": [], \"scenario\": 7, \"botId\": \"not-a-uuid\", \"default\": \"maybe\"}",
            "{\"name\": 1e400, \"settings\": {\"baseUrl\": {\"a\": [1, 2]}, \"timeoutMs\": \"abc\"}}",
            // PostgreSQL text cannot hold NUL.
            "{\"name\": \"a\\u0000b\", \"type\": \"http\", \"channel\": \"sms\", \"phone\": \"+7999\\u0000\","
                    + " \"externalCustomerId\": \"x\\u0000\", \"text\": \"hi\\u0000\", \"from\": \"c\\u0000\","
                    + " \"contacts\": [{\"externalCustomerId\": \"\\u0000\"}], \"tokens\": [{\"token\": \"t\\u0000\","
                    + " \"externalCustomerId\": \"e\\u0000\"}], \"messengers\": [{\"messengerType\": \"WHATSAPP\"}],"
                    + " \"settings\": {\"baseUrl\": \"http://localhost/\\u0000\"}}");

    @Test
    void noEndpointAnswers500ToABadBody() {
        ApiClient api = newAccount();
        String provider = api.post("/api/v1/providers", "{\"name\":\"gw\",\"type\":\"http\",\"channel\":\"sms\","
                + "\"settings\":{\"baseUrl\":\"" + GATEWAY.baseUrl() + "/x\"}}").json().get("id").asString();
        String contact = api.post("/api/v1/contacts", "{\"phone\":\"+79990001122\"}").json().get("contactId").asString();
        String bot = ChatFixtures.createBot(api, "survey", ChatFixtures.SURVEY);
        String chat = ChatFixtures.createChat(api, "support", bot);
        String session = ChatFixtures.write(api, chat, "client-1", "hi").get("sessionId").asString();

        List<String[]> calls = new ArrayList<>();
        for (String path : List.of("/api/v1/providers", "/api/v1/providers/" + provider + "/test",
                "/api/v1/providers/webpush/vapid-keys", "/api/v1/contacts", "/api/v1/contacts/bulk",
                "/api/v1/apps/telegram", "/api/v1/apps/" + provider + "/tokens", "/api/v1/chats", "/api/v1/bots",
                "/api/v1/sandbox/chats/" + chat + "/inbound", "/api/v1/chat/sessions/" + session + "/messages",
                "/api/v1/chat/sessions/" + session + "/close", "/api/v1/messages")) {
            calls.add(new String[] {"POST", path});
        }
        for (String path : List.of("/api/v1/providers/" + provider, "/api/v1/contacts/" + contact,
                "/api/v1/apps/" + provider)) {
            calls.add(new String[] {"PATCH", path});
        }
        for (String path : List.of("/api/v1/chats/" + chat, "/api/v1/bots/" + bot)) {
            calls.add(new String[] {"PUT", path});
        }
        List<String> failures = new ArrayList<>();
        for (String[] call : calls) {
            for (String body : BAD_BODIES) {
                ApiClient.Response response = switch (call[0]) {
                    case "POST" -> api.post(call[1], body);
                    case "PATCH" -> api.patch(call[1], body);
                    default -> api.put(call[1], body);
                };
                if (response.status() >= 500) {
                    failures.add(call[0] + " " + call[1] + " " + body + " -> " + response.status() + " " + response.text());
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void aNulCharacterIsTheClientsError() {
        ApiClient api = newAccount();

        ApiClient.Response chat = api.post("/api/v1/chats", "{\"name\":\"a\\u0000b\",\"messengers\":[{\"messengerType\":\"WHATSAPP\"}]}");
        ApiClient.Response list = api.get("/api/v1/providers?type=%00");

        for (ApiClient.Response response : List.of(chat, list)) {
            assertThat(response.status()).as(response.text()).isEqualTo(400);
            assertThat(response.json().get("errors").get(0).get("message").asString()).contains("NUL");
        }
    }

    @Test
    void textPostgresCannotStoreIsA400NamingTheField() {
        ApiClient api = newAccount();
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("messages[0].channels.sms.text",
                group("{\"sms\":{\"text\":\"hi\\u0000\"}}", "[{\"phone\":\"79000000001\"}]"));
        bodies.put("messages[0].destinations[0].externalCustomerId", group("{\"sms\":{\"text\":\"hi\"}}",
                "[{\"phone\":\"79000000001\",\"externalCustomerId\":\"a\\u0000\"}]"));
        bodies.put("messages[0].destinations[0].messengerUserId", group("{\"viber\":{\"text\":\"hi\"}}",
                "[{\"phone\":\"79000000001\",\"messengerUserId\":\"a\\u0000\"}]"));
        bodies.put("messages[0].destinations[0].phone",
                group("{\"sms\":{\"text\":\"hi\"}}", "[{\"phone\":\"7900\\ud800\"}]"));
        for (Map.Entry<String, String> body : bodies.entrySet()) {
            assertProblem(api.post("/api/v1/messages", body.getValue()), 400, body.getKey());
        }
        // A template is stored in a json column, where a NUL would break every later send with it.
        assertProblem(api.post("/api/v1/templates", "{\"name\":\"t\",\"channels\":{\"sms\":{\"text\":\"a\\u0000b\"}}}"),
                400, "channels.sms.text");
        assertThat(api.get("/api/v1/templates").json().get("count").asInt()).isZero();
    }

    @Test
    void aTemplateStoredWithANulBeforeItWasRefusedCanBeSentAfterTheMigration() throws Exception {
        ApiClient api = newAccount();
        String id = api.post("/api/v1/templates", "{\"name\":\"old\",\"channels\":{\"sms\":{\"text\":\"a b\"}}}")
                .json().get("id").asString();
        // As an earlier Herald stored it: the json column takes the escape.
        jdbc.sql("UPDATE template_version SET channels = ?::json WHERE template_id = ?")
                .params("{\"sms\":{\"text\":\"a\\u0000b \\\\u0000\"}}", java.util.UUID.fromString(id)).update();
        assertThat(api.post("/api/v1/messages", "{\"messages\":[{\"templateId\":\"" + id + "\","
                + "\"destinations\":[{\"phone\":\"79000000001\"}]}]}").status()).isNotEqualTo(201);

        try (var sql = getClass().getResourceAsStream("/db/migration/V26__templates_without_nul.sql")) {
            jdbc.sql(new String(sql.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).update();
        }

        ApiClient.Response sent = api.post("/api/v1/messages", "{\"messages\":[{\"templateId\":\"" + id + "\","
                + "\"destinations\":[{\"phone\":\"79000000001\"}]}]}");
        assertThat(sent.status()).as(sent.text()).isEqualTo(201);
        assertThat(api.get("/api/v1/templates/" + id).json().at("/channels/sms/text").asString()).isEqualTo("ab \\u0000");
    }

    @Test
    void aSendAtPastTheYear9999IsA400NamingIt() {
        ApiClient api = newAccount();
        for (String sendAt : List.of("+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "+10000-01-01T00:00:00Z")) {
            assertProblem(api.post("/api/v1/messages", "{\"messages\":[{\"sendAt\":\"" + sendAt + "\","
                    + "\"channels\":{\"sms\":{\"text\":\"x\"}},\"destinations\":[{\"phone\":\"79000000001\"}]}]}"),
                    400, "messages[0].sendAt");
        }
        assertProblem(api.get("/api/v1/chat/sessions?to=%2B999999999-12-31T23:59:59Z"), 400, "to");
        assertProblem(api.get("/api/v1/statistics/chat/sessions?from=-999999999-01-01T00:00:00Z"), 400, "from");
    }

    @Test
    void aWildcardContentTypeIsReadAsJson() {
        ApiClient api = newAccount();
        for (String type : List.of("*/*", "application/*")) {
            ApiClient.Response response = api.post("/api/v1/messages", group("{\"sms\":{\"text\":\"x\"}}",
                    "[{\"phone\":\"79000000001\"}]"), "Content-Type", type);
            assertThat(response.status()).as(type + ": " + response.text()).isEqualTo(201);
        }
    }

    @Test
    void malformedMultipartIsA400() throws Exception {
        ApiClient api = newAccount();
        String app = api.post("/api/v1/partner-apps", "{\"name\":\"a\",\"scopes\":[\"messages\"]}").json()
                .get("id").asString();
        HttpClient http = HttpClient.newHttpClient();
        for (String[] call : List.of(new String[] {"POST", "/api/v1/tasks"},
                new String[] {"POST", "/api/v1/tasks/" + java.util.UUID.randomUUID() + "/file"},
                new String[] {"PUT", "/api/v1/partner-apps/" + app + "/logo"})) {
            for (String type : List.of("multipart/form-data", "multipart/form-data; boundary=xyz")) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + call[1]))
                        .header("Authorization", "Bearer " + api.token()).header("Content-Type", type)
                        .method(call[0], HttpRequest.BodyPublishers.ofString("--xyz\r\nContent-Disposition: form-data; name=\"f\"\r\n"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(call[1] + " " + type + ": " + response.body()).isEqualTo(400);
                assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                        value -> assertThat(value).startsWith("application/problem+json"));
            }
        }
    }

    @Test
    void theErrorPageOpenedDirectlyIsA404WhateverTheMethod() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String method : List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/error"))
                    .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(method).isEqualTo(404);
        }
    }

    @Test
    void aQueryStringThatIsNotUtf8IsA400NamingTheParameter() {
        ApiClient api = newAccount();
        assertProblem(api.get("/api/v1/messages?channel=%FF%FE"), 400, "channel");
        assertProblem(api.get("/api/v1/contacts?externalCustomerId=%C3%28"), 400, "externalCustomerId");
    }

    private static void assertProblem(ApiClient.Response response, int status, String field) {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("errors").get(0).get("field").asString()).as(response.text()).isEqualTo(field);
    }

    @Test
    void noEndpointAnswers500ToBadIdsOrParameters() {
        ApiClient api = newAccount();
        List<String> failures = new ArrayList<>();
        for (String path : List.of("/api/v1/providers/nope", "/api/v1/providers?channel=nope",
                "/api/v1/providers?type=%00", "/api/v1/contacts/nope", "/api/v1/contacts/99999999999999999999",
                "/api/v1/contacts?phone=abc&email=x&contactId=y", "/api/v1/contacts?page=-1&limit=abc",
                "/api/v1/apps/nope", "/api/v1/apps/nope/tokens", "/api/v1/apps/" + java.util.UUID.randomUUID()
                        + "/tokens?page=-5&limit=100000",
                "/api/v1/chats/nope", "/api/v1/chats?page=0&limit=-1", "/api/v1/bots/nope", "/api/v1/bots?limit=x",
                "/api/v1/chat/sessions?chatId=nope", "/api/v1/chat/sessions?from=yesterday",
                "/api/v1/chat/sessions?status=weird", "/api/v1/chat/sessions/nope/messages",
                "/api/v1/statistics/chat/sessions?fields=a,,b,%20&page=-1&limit=0",
                "/api/v1/statistics/chat/sessions?from=2025-01-02T00:00:00Z&to=2025-01-01T00:00:00Z",
                "/api/v1/statistics/chat/sessions?chatId=x&withoutCount=maybe",
                "/api/v1/statistics/messaging/messages?channel=nope&status=nope&bulkId=x",
                "/api/v1/statistics/messaging/messages?fields=nope&pages=-3")) {
            ApiClient.Response response = api.get(path);
            if (response.status() >= 500 || response.status() == 200 && path.contains("nope")) {
                failures.add("GET " + path + " -> " + response.status() + " " + response.text());
            }
        }
        for (String path : List.of("/api/v1/providers/nope", "/api/v1/contacts/nope", "/api/v1/apps/nope",
                "/api/v1/apps/nope/tokens/x", "/api/v1/chats/nope", "/api/v1/bots/nope")) {
            ApiClient.Response response = api.delete(path);
            if (response.status() >= 500) {
                failures.add("DELETE " + path + " -> " + response.status() + " " + response.text());
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void webhooksAnswerBadRequestsWithout500() {
        List<String> failures = new ArrayList<>();
        ApiClient anonymous = anonymous();
        for (String type : List.of("http", "telegram", "whatsapp-cloud", "viber-bot", "vk-notify")) {
            for (String id : List.of("nope", java.util.UUID.randomUUID().toString(), "gw")) {
                for (String body : BAD_BODIES) {
                    ApiClient.Response response = anonymous.post("/webhooks/" + type + "/" + id, body);
                    if (response.status() >= 500 || response.status() < 400) {
                        failures.add(type + "/" + id + " " + body + " -> " + response.status() + " " + response.text());
                    }
                }
            }
        }
        ApiClient.Response verify = anonymous.get("/webhooks/whatsapp-cloud/nope?hub.mode=subscribe");
        assertThat(verify.status()).isEqualTo(404);
        assertThat(failures).isEmpty();
    }
}
