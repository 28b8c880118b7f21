package dev.herald.contact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Contact ids are numbered per account: they start at 1 in every account and say nothing of how many contacts
 * other accounts have; every lookup by contactId stays within the caller's account.
 */
class ContactNumbersTest extends HeraldTest {

    private static final AtomicLong PHONES = new AtomicLong(79_550_000_000L + (System.nanoTime() % 1_000_000));

    @Test
    void eachAccountCountsItsOwnContactsFromOne() {
        ApiClient first = newAccount();
        ApiClient second = newAccount();

        assertThat(create(first, "{\"externalCustomerId\":\"a-1\"}")).isEqualTo(1);
        assertThat(create(first, "{\"externalCustomerId\":\"a-2\"}")).isEqualTo(2);
        assertThat(create(second, "{\"externalCustomerId\":\"b-1\"}")).as("not 3: no global sequence").isEqualTo(1);
        assertThat(create(first, "{\"externalCustomerId\":\"a-3\"}")).isEqualTo(3);

        assertThat(first.get("/api/v1/contacts/1").json().get("externalCustomerId").asString()).isEqualTo("a-1");
        assertThat(second.get("/api/v1/contacts/1").json().get("externalCustomerId").asString()).isEqualTo("b-1");
        assertThat(second.get("/api/v1/contacts/3").status()).isEqualTo(404);
        assertThat(second.delete("/api/v1/contacts/2").status()).isEqualTo(404);
        assertThat(first.get("/api/v1/contacts/2").status()).as("untouched by the other account").isEqualTo(200);
    }

    @Test
    void aRefusedCreateTakesNoNumberAndADeletedNumberIsNotGivenAgain() {
        ApiClient api = newAccount();
        assertThat(create(api, "{\"externalCustomerId\":\"x-1\"}")).isEqualTo(1);
        assertThat(api.post("/api/v1/contacts", "{\"externalCustomerId\":\"x-1\"}").status()).isEqualTo(409);
        assertThat(create(api, "{\"externalCustomerId\":\"x-2\"}")).isEqualTo(2);

        assertThat(api.delete("/api/v1/contacts/2").status()).isEqualTo(204);
        assertThat(create(api, "{\"externalCustomerId\":\"x-3\"}")).isEqualTo(3);

        JsonNode bulk = api.post("/api/v1/contacts/bulk", "{\"contacts\":[{\"externalCustomerId\":\"x-4\"},"
                + "{\"externalCustomerId\":\"x-1\",\"firstName\":\"Ivan\"},{\"externalCustomerId\":\"x-5\"}]}").json();
        assertThat(bulk.toString()).contains("\"contactId\":4", "\"contactId\":1", "\"contactId\":5");
    }

    @Test
    void sendingToAContactIdReachesTheCallersOwnContact() {
        ApiClient first = newAccount();
        ApiClient second = newAccount();
        String firstPhone = Long.toString(PHONES.incrementAndGet());
        String secondPhone = Long.toString(PHONES.incrementAndGet());
        long firstId = create(first, "{\"phone\":\"" + firstPhone + "\"}");
        long secondId = create(second, "{\"phone\":\"" + secondPhone + "\"}");
        assertThat(firstId).isEqualTo(secondId).isEqualTo(1);

        JsonNode item = second.post("/api/v1/messages", group("{\"sms\":{\"text\":\"hi\"}}",
                "[{\"contactId\":1}]")).json().get(0);

        assertThat(second.get("/api/v1/messages/" + item.get("id").asString()).json().get("destination").asString())
                .isEqualTo(secondPhone);
        ApiClient.Response unknown = second.post("/api/v1/messages", group("{\"sms\":{\"text\":\"hi\"}}",
                "[{\"contactId\":2}]"));
        assertThat(unknown.text()).doesNotContain(firstPhone);
    }

    private static long create(ApiClient api, String body) {
        ApiClient.Response response = api.post("/api/v1/contacts", body);
        assertThat(response.status()).as(response.text()).isEqualTo(201);
        return response.json().get("contactId").asLong();
    }
}
