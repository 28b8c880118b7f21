package dev.herald.contact;

import static dev.herald.contact.AppTokensTest.createContact;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code /api/v1/contacts}: create, read, change, delete, find by any identifier, bulk upsert, isolation. */
class ContactApiTest extends HeraldTest {

    @Test
    void aContactIsCreatedWithNormalisedIdentifiersAndAnAssignedContactId() {
        ApiClient api = newAccount();

        ApiClient.Response created = api.post("/api/v1/contacts", "{\"externalCustomerId\":\" crm-1 \","
                + "\"phone\":\"+7 (999) 000-11-22\",\"email\":\"Anna@Mail.Example\",\"firstName\":\"Anna\"}");

        assertThat(created.status()).isEqualTo(201);
        JsonNode contact = created.json();
        assertThat(contact.get("contactId").asLong()).isPositive();
        assertThat(contact.get("externalCustomerId").asString()).isEqualTo("crm-1");
        assertThat(contact.get("phone").asString()).isEqualTo("79990001122");
        assertThat(contact.get("email").asString()).isEqualTo("anna@mail.example");
        assertThat(contact.get("firstName").asString()).isEqualTo("Anna");
        assertThat(contact.get("tokens")).isEmpty();
        assertThat(api.get("/api/v1/contacts/" + contact.get("contactId").asLong()).json()).isEqualTo(contact);
    }

    @Test
    void badFieldsAreNamedAndAContactIdCannotBeChosen() {
        ApiClient api = newAccount();

        ApiClient.Response bad = api.post("/api/v1/contacts", "{\"contactId\":5,\"phone\":\"12\",\"email\":\"nope\","
                + "\"externalCustomerId\":\"" + "x".repeat(256) + "\"}");

        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").findValuesAsString("field"))
                .containsExactlyInAnyOrder("contactId", "phone", "email", "externalCustomerId");
        assertThat(api.get("/api/v1/contacts/abc").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/contacts/123456789012").status()).isEqualTo(404);
    }

    @Test
    void eachIdentifierIsUniqueWithinTheAccountButNotAcrossAccounts() {
        ApiClient api = newAccount();
        long first = createContact(api, "{\"externalCustomerId\":\"u-1\",\"phone\":\"79990002233\",\"email\":\"u@example.com\"}");

        for (String clash : new String[] {"{\"externalCustomerId\":\"u-1\"}", "{\"phone\":\"+79990002233\"}",
                "{\"email\":\"U@Example.com\"}"}) {
            ApiClient.Response refused = api.post("/api/v1/contacts", clash);
            assertThat(refused.status()).as(clash).isEqualTo(409);
            assertThat(refused.json().get("detail").asString()).contains("contact " + first);
        }
        long second = createContact(api, "{\"email\":\"other@example.com\"}");
        assertThat(api.patch("/api/v1/contacts/" + second, "{\"phone\":\"79990002233\"}").status()).isEqualTo(409);
        assertThat(createContact(newAccount(), "{\"externalCustomerId\":\"u-1\",\"phone\":\"79990002233\"}"))
                .as("another account's identifiers are its own").isPositive();
    }

    @Test
    void aContactIsFoundByAnyIdentifier() {
        ApiClient api = newAccount();
        long id = createContact(api, "{\"externalCustomerId\":\"find-me\",\"phone\":\"79990003344\",\"email\":\"f@example.com\"}");
        createContact(api, "{\"externalCustomerId\":\"someone-else\"}");

        for (String query : new String[] {"contactId=" + id, "externalCustomerId=find-me", "phone=%2B7%20999%20000-33-44",
                "email=F@EXAMPLE.COM", "externalCustomerId=find-me&email=f@example.com"}) {
            JsonNode found = api.get("/api/v1/contacts?" + query).json();
            assertThat(found.get("count").asLong()).as(query).isEqualTo(1);
            assertThat(found.get("items").get(0).get("contactId").asLong()).isEqualTo(id);
        }
        assertThat(api.get("/api/v1/contacts?externalCustomerId=find-me&phone=79990000000").json().get("count").asLong())
                .isZero();
        assertThat(api.get("/api/v1/contacts").json().get("count").asLong()).isEqualTo(2);
        assertThat(api.get("/api/v1/contacts?limit=1&page=1").json().get("items")).hasSize(1);
        assertThat(api.get("/api/v1/contacts?phone=abc").status()).isEqualTo(400);
    }

    @Test
    void aChangeTouchesOnlyTheGivenFieldsAndAnEmptyStringClearsOne() {
        ApiClient api = newAccount();
        long id = createContact(api, "{\"externalCustomerId\":\"p-1\",\"phone\":\"79990004455\",\"firstName\":\"Old\"}");

        JsonNode changed = api.patch("/api/v1/contacts/" + id, "{\"email\":\"p@example.com\",\"phone\":\"\","
                + "\"firstName\":\"New\"}").json();

        assertThat(changed.get("externalCustomerId").asString()).isEqualTo("p-1");
        assertThat(changed.get("phone").isNull()).isTrue();
        assertThat(changed.get("email").asString()).isEqualTo("p@example.com");
        assertThat(changed.get("firstName").asString()).isEqualTo("New");
        assertThat(api.patch("/api/v1/contacts/" + id, "{\"contactId\":" + (id + 1) + "}").status()).isEqualTo(400);
        assertThat(api.patch("/api/v1/contacts/123456789012", "{\"firstName\":\"x\"}").status()).isEqualTo(404);
    }

    @Test
    void aDeletedContactTakesItsTokensWithIt() {
        ApiClient api = newAccount();
        String app = AppTokensTest.connect(api);
        long id = AppTokensTest.addTokens(api, app, "{\"tokens\":[{\"token\":\"" + AppTokensTest.nextChat()
                + "\",\"phone\":\"79990005566\"}]}").get("results").get(0).get("contactId").asLong();

        assertThat(api.delete("/api/v1/contacts/" + id).status()).isEqualTo(204);

        assertThat(api.get("/api/v1/contacts/" + id).status()).isEqualTo(404);
        assertThat(api.delete("/api/v1/contacts/" + id).status()).isEqualTo(404);
        assertThat(AppTokensTest.app(api, app).get("subscribers").asLong()).isZero();
    }

    @Test
    void bulkUpsertCreatesUpdatesAndRejectsEntryByEntry() {
        ApiClient api = newAccount();
        long existing = createContact(api, "{\"externalCustomerId\":\"b-1\",\"phone\":\"79990006677\"}");
        long holder = createContact(api, "{\"email\":\"taken@example.com\"}");

        ApiClient.Response response = api.post("/api/v1/contacts/bulk", "{\"contacts\":["
                + "{\"externalCustomerId\":\"b-1\",\"email\":\"b1@example.com\",\"firstName\":\"Bo\"},"
                + "{\"externalCustomerId\":\"b-2\",\"phone\":\"79990006688\"},"
                + "{\"contactId\":" + existing + ",\"lastName\":\"Smith\"},"
                + "{\"contactId\":123456789012,\"email\":\"ghost@example.com\"},"
                + "{\"externalCustomerId\":\"b-1\",\"email\":\"taken@example.com\"},"
                + "{\"phone\":\"bad\"}]}");

        assertThat(response.status()).isEqualTo(200);
        JsonNode report = response.json();
        assertThat(report.get("results").findValuesAsString("status"))
                .containsExactly("UPDATED", "CREATED", "UPDATED", "REJECTED", "REJECTED", "REJECTED");
        assertThat(report.get("results").get(3).get("error").get("code").asString()).isEqualTo("UNKNOWN_CONTACT");
        assertThat(report.get("results").get(4).get("error").get("message").asString()).contains("contact " + holder);
        assertThat(report.get("results").get(5).get("error").get("code").asString()).isEqualTo("INVALID_FIELD");
        assertThat(report.get("created").asInt()).isEqualTo(1);
        assertThat(report.get("updated").asInt()).isEqualTo(2);
        JsonNode updated = AppTokensTest.contact(api, existing);
        assertThat(updated.get("email").asString()).isEqualTo("b1@example.com");
        assertThat(updated.get("phone").asString()).isEqualTo("79990006677");
        assertThat(updated.get("firstName").asString()).isEqualTo("Bo");
        assertThat(updated.get("lastName").asString()).isEqualTo("Smith");
        assertThat(report.get("results").get(4).get("error").get("code").asString()).isEqualTo("IDENTIFIER_IN_USE");
        assertThat(api.post("/api/v1/contacts/bulk", "{\"contacts\":[]}").status()).isEqualTo(400);
    }

    @Test
    void anotherAccountsContactsDoNotExist() {
        ApiClient owner = newAccount();
        ApiClient intruder = newAccount();
        long id = createContact(owner, "{\"externalCustomerId\":\"secret-customer\",\"email\":\"s@example.com\"}");

        assertThat(intruder.get("/api/v1/contacts/" + id).status()).isEqualTo(404);
        assertThat(intruder.get("/api/v1/contacts?externalCustomerId=secret-customer").json().get("count").asLong()).isZero();
        assertThat(intruder.get("/api/v1/contacts").json().get("count").asLong()).isZero();
        assertThat(intruder.patch("/api/v1/contacts/" + id, "{\"firstName\":\"x\"}").status()).isEqualTo(404);
        assertThat(intruder.delete("/api/v1/contacts/" + id).status()).isEqualTo(404);
        JsonNode upsert = intruder.post("/api/v1/contacts/bulk", "{\"contacts\":[{\"contactId\":" + id
                + ",\"firstName\":\"x\"}]}").json();
        assertThat(upsert.get("results").get(0).get("status").asString()).isEqualTo("REJECTED");
        assertThat(AppTokensTest.contact(owner, id).get("firstName").isNull()).isTrue();
    }
}
