package dev.herald.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import org.junit.jupiter.api.Test;

/**
 * API tokens limited to scopes: they reach exactly the API groups of their scopes, as a partner app's OAuth token
 * with those scopes would (403 naming the missing scope otherwise); unknown scopes are a 400 naming the entry;
 * tokens without scopes stay full; another account never sees them.
 */
class ScopedApiTokenTest extends HeraldTest {

    @Test
    void aTokenReachesOnlyTheGroupsOfItsScopes() {
        ApiClient owner = newAccount();
        ApiClient.Response bad = owner.post("/api/v1/tokens", "{\"name\":\"x\",\"scopes\":[\"messages\",\"nope\"]}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text()).contains("scopes[1]");
        assertThat(owner.post("/api/v1/tokens", "{\"name\":\"x\",\"scopes\":[]}").text()).contains("\"scopes\"");

        ApiClient.Response created = owner.post("/api/v1/tokens", "{\"name\":\"sender\",\"scopes\":[\"messages\"]}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("scopes").toString()).isEqualTo("[\"messages\"]");
        ApiClient sender = owner.as(created.json().get("token").asString());

        assertThat(sender.post("/api/v1/messages", group("{\"sms\":{\"text\":\"hi\"}}", "[{\"phone\":\"79000000001\"}]"))
                .status()).isEqualTo(201);
        ApiClient.Response contacts = sender.get("/api/v1/contacts");
        assertThat(contacts.status()).isEqualTo(403);
        assertThat(contacts.text()).contains("contacts-read");
        assertThat(sender.get("/api/v1/tokens").status()).as("managing tokens is full").isEqualTo(403);
        assertThat(sender.get("/api/v1/people").status()).isEqualTo(403);

        ApiClient reader = owner.as(owner.post("/api/v1/tokens", "{\"name\":\"reader\",\"scopes\":[\"contacts-read\"]}")
                .json().get("token").asString());
        assertThat(reader.get("/api/v1/contacts").status()).isEqualTo(200);
        assertThat(reader.post("/api/v1/messages", group("{\"sms\":{\"text\":\"hi\"}}", "[{\"phone\":\"79000000001\"}]"))
                .status()).isEqualTo(403);

        ApiClient full = owner.as(owner.post("/api/v1/tokens", "{\"name\":\"all\"}").json().get("token").asString());
        assertThat(full.get("/api/v1/tokens").json().findValuesAsString("name")).contains("sender", "reader", "all");
        assertThat(full.get("/api/v1/tokens").text()).contains("\"scopes\":[\"full\"]").contains("\"scopes\":[\"messages\"]");

        ApiClient stranger = newAccount();
        assertThat(stranger.get("/api/v1/tokens").text()).doesNotContain("sender");
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE action = 'token.create' AND details ->> 'scopes' = 'messages'"
                + " AND target = ?").param(created.json().get("id").asString()).query(Integer.class).single()).isEqualTo(1);
    }
}
