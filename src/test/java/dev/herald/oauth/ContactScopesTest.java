package dev.herald.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The contact methods in their API groups, per method: a token with only the contacts-update right changes contacts
 * but cannot read them, one with only contacts-read the reverse (the reference's "limit the rights to updating
 * contacts only").
 */
class ContactScopesTest extends OAuthTest {

    private record Call(String method, String path, String body, boolean reads) {}

    @Test
    void contactsUpdateCannotReadAndContactsReadCannotUpdate() {
        ApiClient developer = newAccount();
        Person person = newPerson();
        long id = person.api().post("/api/v1/contact", "{\"channels\":[{\"type\":\"email\",\"value\":\"scoped@example.com\"}]}")
                .json().get("id").asLong();
        long field = person.api().post("/api/v1/contactfields", "{\"name\":\"city\",\"type\":\"text\"}").json().get("id").asLong();
        String session = person.api().post("/api/v1/contacts", "{\"contacts\":[{\"firstName\":\"x\"}]}").json()
                .get("asyncSessionId").asString();
        List<Call> calls = List.of(
                new Call("POST", "/api/v1/contacts", "{\"contacts\":[{\"firstName\":\"y\"}]}", false),
                new Call("GET", "/api/v1/importstatus/" + session, null, false),
                new Call("POST", "/api/v1/contact", "{\"firstName\":\"z\"}", false),
                new Call("PUT", "/api/v1/contact/" + id, "{\"firstName\":\"w\"}", false),
                new Call("POST", "/api/v1/contactfields", "{\"name\":\"score\",\"type\":\"number\"}", false),
                new Call("GET", "/api/v1/contacts?email=scoped@example.com&maxrows=10", null, true),
                new Call("GET", "/api/v1/contact/" + id, null, true),
                new Call("GET", "/api/v1/contacts/email?ids=" + id, null, true),
                new Call("GET", "/api/v1/contactfields", null, true),
                new Call("GET", "/api/v1/contactfields/" + field, null, true),
                new Call("DELETE", "/api/v1/contactfields/" + field, null, false),
                new Call("DELETE", "/api/v1/contact/" + id, null, false));
        ApiClient updater = bearer(tokensFor(person, register(developer, "contacts-update")).get("access_token").asString());
        ApiClient reader = bearer(tokensFor(person, register(developer, "contacts-read")).get("access_token").asString());
        ApiClient messages = bearer(tokensFor(person, register(developer, "messages")).get("access_token").asString());

        for (Call call : calls) {
            ApiClient.Response asUpdater = call(updater, call);
            ApiClient.Response asReader = call(reader, call);
            if (call.reads()) {
                assertThat(asUpdater.status()).as("contacts-update: " + call).isEqualTo(403);
                assertThat(asUpdater.json().get("detail").asString()).contains("contacts-read");
                assertThat(asReader.status()).as("contacts-read: " + call + " " + asReader.text()).isEqualTo(200);
            } else {
                assertThat(asReader.status()).as("contacts-read: " + call).isEqualTo(403);
                assertThat(asReader.json().get("detail").asString()).contains("contacts-update");
                assertThat(asUpdater.status()).as("contacts-update: " + call + " " + asUpdater.text()).isBetween(200, 299);
            }
            assertThat(call(messages, call).status()).as("messages: " + call).isEqualTo(403);
        }
        assertThat(updater.get("/api/v1/messages").status()).isEqualTo(403);
        assertThat(reader.get("/api/v2/version").status()).isEqualTo(200);
    }

    private static ApiClient.Response call(ApiClient client, Call call) {
        return switch (call.method()) {
            case "GET" -> client.get(call.path());
            case "POST" -> client.post(call.path(), call.body());
            case "PUT" -> client.put(call.path(), call.body());
            case "DELETE" -> client.delete(call.path());
            default -> throw new IllegalArgumentException(call.method());
        };
    }
}
