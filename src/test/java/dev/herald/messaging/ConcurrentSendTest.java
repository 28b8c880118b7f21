package dev.herald.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Concurrent single-message sends are stored together (one statement for whatever is waiting), yet each
 * request gets its own ids, nothing is lost or stored twice, and a request that cannot be stored fails alone.
 */
class ConcurrentSendTest extends HeraldTest {

    private static final int THREADS = 32;
    private static final int PER_THREAD = 8;

    private record Sent(ApiClient account, String phone, int destinations, ApiClient.Response response) {}

    @Test
    void manyParallelSendsAreEachAnsweredWithTheirOwnMessages() throws Exception {
        ApiClient first = newAccount();
        ApiClient second = newAccount();
        List<Sent> sent = sendInParallel(first, second, null);

        Set<String> ids = new HashSet<>();
        int messages = 0;
        for (Sent one : sent) {
            assertThat(one.response().status()).as(one.response().text()).isEqualTo(201);
            JsonNode items = one.response().json();
            assertThat(items.size()).isEqualTo(one.destinations());
            Set<String> bulks = new HashSet<>();
            for (int i = 0; i < items.size(); i++) {
                ids.add(items.get(i).get("id").asString());
                bulks.add(items.get(i).get("bulkId").asString());
            }
            assertThat(bulks).as("one bulk per request").hasSize(1);
            messages += items.size();
            // The first item is the request's own first destination, and only its account sees it.
            String id = items.get(0).get("id").asString();
            JsonNode message = one.account().get("/api/v1/messages/" + id).json();
            assertThat(message.get("destination").asString()).isEqualTo(one.phone());
            ApiClient other = one.account() == first ? second : first;
            assertThat(other.get("/api/v1/messages/" + id).status()).isEqualTo(404);
        }
        assertThat(ids).as("no id answered twice").hasSize(messages);
        long stored = jdbc.sql("SELECT count(*) FROM message WHERE account_id IN (?::uuid, ?::uuid)")
                .params(accountOf(first), accountOf(second)).query(Long.class).single();
        assertThat(stored).as("nothing lost or stored twice").isEqualTo(messages);
        long flows = jdbc.sql("SELECT count(*) FROM flow WHERE account_id IN (?::uuid, ?::uuid)")
                .params(accountOf(first), accountOf(second)).query(Long.class).single();
        assertThat(flows).isEqualTo(messages);
    }

    @Test
    void aRequestThatCannotBeStoredFailsAloneAndTheOthersAreStored() throws Exception {
        String poison = "poison-" + UUID.randomUUID();
        // A request the database refuses after validation passed (as a constraint or a lost race would).
        jdbc.sql("""
                CREATE OR REPLACE FUNCTION test_refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.callback_data LIKE 'poison-%' THEN RAISE EXCEPTION 'refused by the test'; END IF;
                    RETURN NEW;
                END $$""").update();
        jdbc.sql("""
                CREATE TRIGGER test_refuse_poison BEFORE INSERT ON message_group
                FOR EACH ROW EXECUTE FUNCTION test_refuse_poison()""").update();
        try {
            ApiClient first = newAccount();
            ApiClient second = newAccount();
            List<Sent> sent = sendInParallel(first, second, poison);
            int refused = 0;
            int messages = 0;
            for (int i = 0; i < sent.size(); i++) {
                Sent one = sent.get(i);
                if (i % 10 == 3) {
                    assertThat(one.response().status()).isGreaterThanOrEqualTo(500);
                    refused++;
                } else {
                    assertThat(one.response().status()).as(one.response().text()).isEqualTo(201);
                    messages += one.response().json().size();
                }
            }
            assertThat(refused).isPositive();
            long stored = jdbc.sql("SELECT count(*) FROM message WHERE account_id IN (?::uuid, ?::uuid)")
                    .params(accountOf(first), accountOf(second)).query(Long.class).single();
            assertThat(stored).isEqualTo(messages);
            long poisoned = jdbc.sql("SELECT count(*) FROM message_group WHERE callback_data LIKE 'poison-%'")
                    .query(Long.class).single();
            assertThat(poisoned).isZero();
        } finally {
            jdbc.sql("DROP TRIGGER test_refuse_poison ON message_group").update();
            jdbc.sql("DROP FUNCTION test_refuse_poison()").update();
        }
    }

    /** THREADS × PER_THREAD sends, alternating accounts; every tenth request from the fourth is poisoned. */
    private static List<Sent> sendInParallel(ApiClient first, ApiClient second, String poison) throws Exception {
        List<Future<Sent>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
            for (int i = 0; i < THREADS * PER_THREAD; i++) {
                int n = i;
                ApiClient account = n % 2 == 0 ? first : second;
                String phone = "7902" + String.format("%07d", n);
                int destinations = n % 5 == 0 ? 2 : 1;
                List<Map<String, String>> to = new ArrayList<>();
                to.add(Map.of("phone", phone));
                if (destinations == 2) {
                    to.add(Map.of("phone", "7903" + String.format("%07d", n)));
                }
                Map<String, Object> group = new java.util.LinkedHashMap<>();
                group.put("channels", Map.of("sms", Map.of("text", "code " + n)));
                group.put("destinations", to);
                if (poison != null && n % 10 == 3) {
                    group.put("callbackData", poison);
                }
                futures.add(pool.submit(() -> new Sent(account, phone, destinations,
                        sendAsAClientWould(account, Map.of("messages", List.of(group))))));
            }
        }
        List<Sent> sent = new ArrayList<>();
        for (Future<Sent> future : futures) {
            sent.add(future.get());
        }
        return sent;
    }

    /** Sends again after a 503 (delivery behind on a busy machine): a refused send stored nothing. */
    private static ApiClient.Response sendAsAClientWould(ApiClient account, Object body) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            ApiClient.Response response = account.postJson("/api/v1/messages", body);
            if (response.status() != 503 || attempt == 100) {
                return response;
            }
            Thread.sleep(200);
        }
    }

    private String accountOf(ApiClient api) {
        return jdbc.sql("SELECT account_id::text FROM api_token WHERE token_hash = ?")
                .param(dev.herald.support.Sha256.hex(api.token())).query(String.class).single();
    }
}
