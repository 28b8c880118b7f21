package dev.herald.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import org.junit.jupiter.api.Test;

/** The rights of eSputnik's reference over the groups, sending and account methods, per method. */
class EsputnikScopesTest extends OAuthTest {

    private ApiClient partner(String scope) {
        return bearer(tokensFor(newPerson(), register(newAccount(), scope)).get("access_token").asString());
    }

    @Test
    void theMessagesRightSendsAndFollowsBroadcastsButReadsNoGroups() {
        ApiClient messages = partner("messages");
        assertThat(messages.post("/api/v1/message/sms", "{}").status()).isEqualTo(400);
        assertThat(messages.post("/api/v1/message/email", "{}").status()).isEqualTo(400);
        assertThat(messages.post("/api/v1/message/viber", "{}").status()).isEqualTo(400);
        assertThat(messages.post("/api/v1/message/1/smartsend", "{}").status()).isEqualTo(400);
        assertThat(messages.get("/api/v1/message/status").status()).isEqualTo(400);
        assertThat(messages.post("/api/v1/broadcast", "{}").status()).isEqualTo(400);
        assertThat(messages.get("/api/v1/broadcasts").status()).isEqualTo(200);
        assertThat(messages.get("/api/v1/broadcast/1").status()).isEqualTo(404);
        assertThat(messages.delete("/api/v1/broadcast/1").status()).isEqualTo(404);
        ApiClient.Response groups = messages.get("/api/v1/groups");
        assertThat(groups.status()).isEqualTo(403);
        assertThat(groups.json().get("detail").asString()).contains("contacts-read");
        assertThat(messages.post("/api/v1/group/1/contacts/detach", "{}").status()).isEqualTo(403);
    }

    @Test
    void theContactsRightsReadAndUpdateGroupsButSendNothing() {
        ApiClient contacts = partner("events-contacts");
        assertThat(contacts.get("/api/v1/groups").status()).isEqualTo(200);
        assertThat(contacts.get("/api/v1/group/1/contacts").status()).isEqualTo(404);
        assertThat(contacts.post("/api/v1/group/1/contacts/detach", "{}").status()).isEqualTo(404);
        assertThat(contacts.post("/api/v1/groups", "{\"name\":\"From CRM\"}").status()).isEqualTo(201);
        assertThat(contacts.post("/api/v1/message/sms", "{}").status()).isEqualTo(403);
        assertThat(contacts.post("/api/v1/message/1/smartsend", "{}").status()).isEqualTo(403);
        assertThat(contacts.get("/api/v1/message/status?ids=x").status()).isEqualTo(403);
        assertThat(contacts.post("/api/v1/broadcast", "{}").status()).isEqualTo(403);
        assertThat(contacts.get("/api/v1/broadcasts").status()).isEqualTo(403);
    }

    @Test
    void theGeneralMethodsNeedOnlyAToken() {
        ApiClient events = partner("events");
        assertThat(events.get("/api/v1/account/info").status()).isEqualTo(200);
        assertThat(events.get("/api/v1/balance").status()).isEqualTo(200);
        assertThat(events.get("/api/v1/addressbooks").status()).isEqualTo(200);
        assertThat(events.get("/api/v1/interfaces/sms").status()).isEqualTo(200);
        assertThat(events.get("/api/v1/interfaces/email").status()).isEqualTo(200);
        assertThat(events.get("/api/v1/groups").status()).isEqualTo(403);
        assertThat(events.post("/api/v1/message/sms", "{}").status()).isEqualTo(403);
        assertThat(events.get("/api/v1/broadcasts").status()).isEqualTo(403);

        ApiClient full = partner("full");
        assertThat(full.get("/api/v1/groups").status()).isEqualTo(200);
        assertThat(full.get("/api/v1/broadcasts").status()).isEqualTo(200);
        assertThat(full.get("/api/v1/balance").status()).isEqualTo(200);
    }
}
