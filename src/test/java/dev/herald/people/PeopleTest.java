package dev.herald.people;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.ConsoleSession;
import dev.herald.HeraldTest;
import dev.herald.auth.AccountId;
import dev.herald.auth.Users;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/v1/people} and the links people follow: an owner invites a person, who accepts through the
 * e-mailed link and signs in; roles change and removals take effect on the person's next request; a forgotten
 * password is reset; nothing crosses accounts.
 */
class PeopleTest extends HeraldTest {

    private static final String OWNER_PASSWORD = "owner password 1";

    @Autowired
    Users users;

    private AccountId account;
    private ApiClient api;
    private String owner;

    @BeforeEach
    void account() {
        account = accounts.create("people-" + UUID.randomUUID(), ZoneId.of("UTC"));
        owner = "owner-" + UUID.randomUUID().toString().substring(0, 8);
        users.create(account, owner, OWNER_PASSWORD);
        api = new ApiClient("http://localhost:" + port, tokens.issue(account, "people test").token());
    }

    private ConsoleSession console() {
        return new ConsoleSession("http://localhost:" + port);
    }

    private static String email() {
        return "person-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    /** Invites and accepts; the person's id. */
    private UUID invitedAndAccepted(String email, String role, String password) {
        ApiClient.Response invited = api.postJson("/api/v1/people", Map.of("email", email, "role", role));
        assertThat(invited.status()).as(invited.text()).isEqualTo(201);
        String token = PeopleFixtures.linkToken(jdbc, account.value(), email, "/console/invitation");
        ConsoleSession.Page accepted = console().post("/console/invitation", Map.of("token", token, "password", password));
        assertThat(accepted.location()).contains("/console/login?ready");
        return UUID.fromString(invited.json().path("id").asString());
    }

    @Test
    void anInvitedPersonAcceptsAndSignsIn() {
        String email = email();
        ApiClient.Response invited = api.postJson("/api/v1/people", Map.of("email", email, "role", "developer"));
        assertThat(invited.status()).isEqualTo(201);
        assertThat(invited.json().path("status").asString()).isEqualTo("invited");
        // not before accepting: an invited person has no password
        assertThat(console().signIn(email, "anything at all").location()).contains("error");

        String token = PeopleFixtures.linkToken(jdbc, account.value(), email, "/console/invitation");
        ConsoleSession person = console();
        ConsoleSession.Page tooShort = person.post("/console/invitation", Map.of("token", token, "password", "short"));
        assertThat(tooShort.status()).isEqualTo(400);
        assertThat(tooShort.body()).contains("password must be at least 10 characters");
        assertThat(person.post("/console/invitation", Map.of("token", token, "password", "developer pass 1"))
                .location()).contains("/console/login?ready");
        assertThat(person.post("/console/invitation", Map.of("token", token, "password", "developer pass 2"))
                .status()).isEqualTo(404);

        assertThat(person.signIn(email, "developer pass 1").location()).endsWith("/console");
        assertThat(person.get("/console/people").body()).contains(email, owner);
        JsonNode listed = api.get("/api/v1/people").json();
        assertThat(listed.toString()).contains(email, "\"active\"", "\"developer\"");
    }

    @Test
    void badInputNamesTheField() {
        assertThat(api.postJson("/api/v1/people", Map.of("role", "viewer")).text()).contains("\"email\"");
        ApiClient.Response badEmail = api.postJson("/api/v1/people", Map.of("email", "no-at-sign", "role", "viewer"));
        assertThat(badEmail.status()).isEqualTo(400);
        assertThat(badEmail.text()).contains("email");
        ApiClient.Response badRole = api.postJson("/api/v1/people", Map.of("email", email(), "role", "king"));
        assertThat(badRole.status()).isEqualTo(400);
        assertThat(badRole.text()).contains("role", "owner, admin, developer, operator, viewer");
        String email = email();
        assertThat(api.postJson("/api/v1/people", Map.of("email", email, "role", "viewer")).status()).isEqualTo(201);
        assertThat(api.postJson("/api/v1/people", Map.of("email", email.toUpperCase(), "role", "viewer")).status())
                .isEqualTo(409);
        assertThat(api.patch("/api/v1/people/" + UUID.randomUUID(), "{\"role\":\"viewer\"}").status()).isEqualTo(404);
    }

    @Test
    void aRoleChangeAndARemovalTakeEffectOnTheNextRequest() {
        String email = email();
        UUID id = invitedAndAccepted(email, "viewer", "viewer pass 12");
        ConsoleSession person = console();
        person.signIn(email, "viewer pass 12");
        assertThat(person.get("/console/templates/new").status()).isEqualTo(403);

        ApiClient.Response changed = api.patch("/api/v1/people/" + id, "{\"role\":\"developer\"}");
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().path("role").asString()).isEqualTo("developer");
        assertThat(person.get("/console/templates/new").status()).isEqualTo(200);

        assertThat(api.delete("/api/v1/people/" + id).status()).isEqualTo(204);
        ConsoleSession.Page after = person.get("/console/messages");
        assertThat(after.status()).isEqualTo(302);
        assertThat(after.location()).contains("/console/login");
        assertThat(api.get("/api/v1/people").text()).doesNotContain(email);
    }

    @Test
    void theLastOwnerStaysAndOnlyOwnersMakeOwners() {
        UUID ownerId = users.find(owner).orElseThrow().id();
        assertThat(api.patch("/api/v1/people/" + ownerId, "{\"role\":\"viewer\"}").status()).isEqualTo(409);
        assertThat(api.delete("/api/v1/people/" + ownerId).status()).isEqualTo(409);

        String email = email();
        invitedAndAccepted(email, "admin", "admin pass 123");
        ConsoleSession admin = console();
        admin.signIn(email, "admin pass 123");
        admin.get("/console/people");
        ConsoleSession.Page refused = admin.post("/console/people", Map.of("email", email(), "role", "owner"));
        assertThat(refused.status()).isEqualTo(302);
        assertThat(admin.get("/console/people").body()).contains("only an owner may invite an owner");
        ConsoleSession.Page demote = admin.post("/console/people/" + ownerId + "/role", Map.of("role", "viewer"));
        assertThat(demote.status()).isEqualTo(302);
        assertThat(users.find(owner).orElseThrow().role().key()).isEqualTo("owner");
        // an admin invites anyone else
        String operator = email();
        assertThat(admin.post("/console/people", Map.of("email", operator, "role", "operator")).status()).isEqualTo(302);
        assertThat(api.get("/api/v1/people").text()).contains(operator);
    }

    @Test
    void aForgottenPasswordIsResetThroughAnEmailedLink() {
        String email = email();
        invitedAndAccepted(email, "operator", "first password");
        ConsoleSession person = console();
        ConsoleSession.Page asked = person.post("/console/password/forgot", Map.of("login", email));
        assertThat(asked.body()).contains("a link to choose a new password is on its way");
        // unknown people get the same answer and no e-mail
        assertThat(person.post("/console/password/forgot", Map.of("login", "nobody@example.com")).body())
                .contains("a link to choose a new password is on its way");

        String token = PeopleFixtures.linkToken(jdbc, account.value(), email, "/console/password/reset");
        assertThat(person.get("/console/password/reset?token=" + token).status()).isEqualTo(200);
        assertThat(person.post("/console/password/reset", Map.of("token", token, "password", "second password"))
                .location()).contains("/console/login?ready");
        assertThat(person.get("/console/password/reset?token=" + token).status()).isEqualTo(404);
        assertThat(console().signIn(email, "first password").location()).contains("error");
        assertThat(console().signIn(email, "second password").location()).endsWith("/console");
    }

    @Test
    void aPersonOfOneAccountNeverReachesAnother() {
        AccountId other = accounts.create("other-" + UUID.randomUUID(), ZoneId.of("UTC"));
        String stranger = "stranger-" + UUID.randomUUID().toString().substring(0, 8);
        UUID strangerId = users.create(other, stranger, "stranger pass 1").id();

        assertThat(api.get("/api/v1/people").text()).doesNotContain(stranger);
        assertThat(api.patch("/api/v1/people/" + strangerId, "{\"role\":\"viewer\"}").status()).isEqualTo(404);
        assertThat(api.delete("/api/v1/people/" + strangerId).status()).isEqualTo(404);
        assertThat(api.post("/api/v1/people/" + strangerId + "/invitation", "").status()).isEqualTo(404);

        ConsoleSession mine = console();
        mine.signIn(owner, OWNER_PASSWORD);
        assertThat(mine.get("/console/people").body()).doesNotContain(stranger);
        mine.post("/console/people/" + strangerId + "/remove", Map.of());
        mine.post("/console/people/" + strangerId + "/role", Map.of("role", "viewer"));
        assertThat(users.find(stranger)).hasValueSatisfying(user -> {
            assertThat(user.account()).isEqualTo(other);
            assertThat(user.role().key()).isEqualTo("owner");
        });
    }
}
