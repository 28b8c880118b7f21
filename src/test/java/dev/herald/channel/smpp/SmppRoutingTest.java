package dev.herald.channel.smpp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A route over two jSMPP SMSCs: throttling and a lost bind fail over to the second SMSC, an invalid destination
 * does not, and the second SMSC's receipt delivers the message.
 */
class SmppRoutingTest extends HeraldTest {

    private static final AtomicInteger PHONES = new AtomicInteger();
    private static final AtomicInteger SYSTEM_IDS = new AtomicInteger();
    private static final int ESME_RTHROTTLED = 0x58;
    private static final int ESME_RINVDSTADR = 0x0B;

    private final List<AutoCloseable> cleanups = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable c : cleanups.reversed()) {
            c.close();
        }
    }

    @Test
    void throttlingFailsOverToTheSecondSmscWhoseReceiptDeliversIt() throws Exception {
        FakeSmsc a = smsc();
        FakeSmsc b = smsc();
        ApiClient api = newAccount();
        String ra = connect(api, "smsc-a", a);
        String rb = connect(api, "smsc-b", b);
        route(api, ra, rb);
        String phone = nextPhone();
        a.answer(phone, ESME_RTHROTTLED);

        String id = send(api, phone);
        JsonNode delivered = awaitStatus(api, id, "DELIVERED");

        assertThat(delivered.get("providerMessageId").asString()).isEqualTo(b.submitsTo(phone).getFirst().messageId());
        assertThat(attempts(id)).containsExactly("conn:" + ra + " TRANSIENT_FAILURE", "conn:" + rb + " ACCEPTED");
    }

    @Test
    void aLostBindFailsOverAndAnInvalidDestinationDoesNot() throws Exception {
        FakeSmsc a = smsc();
        FakeSmsc b = smsc();
        ApiClient api = newAccount();
        String ra = connect(api, "smsc-a", a);
        String rb = connect(api, "smsc-b", b);
        route(api, ra, rb);
        String invalid = nextPhone();
        a.answer(invalid, ESME_RINVDSTADR);
        String refused = send(api, invalid);
        assertThat(awaitStatus(api, refused, "FAILED").get("error").get("code").asString()).isEqualTo("ESME_RINVDSTADR");
        assertThat(b.submitsTo(invalid)).isEmpty();

        a.close();
        String phone = nextPhone();
        String id = send(api, phone);
        awaitStatus(api, id, "DELIVERED");
        assertThat(attempts(id)).first().asString().startsWith("conn:" + ra + " TRANSIENT_FAILURE");
        assertThat(attempts(id)).last().isEqualTo("conn:" + rb + " ACCEPTED");
    }

    private FakeSmsc smsc() throws Exception {
        FakeSmsc smsc = new FakeSmsc();
        cleanups.add(smsc);
        return smsc;
    }

    private String connect(ApiClient api, String name, FakeSmsc smsc) {
        ApiClient.Response created = api.post("/api/v1/providers", "{\"name\":\"" + name + "\",\"type\":\"smpp\","
                + "\"channel\":\"sms\",\"settings\":{\"host\":\"localhost\",\"port\":" + smsc.port() + ",\"systemId\":\""
                + FakeSmsc.SYSTEM_ID + "r" + SYSTEM_IDS.incrementAndGet() + "\",\"password\":\"" + FakeSmsc.PASSWORD
                + "\",\"sourceAddr\":\"Herald\",\"bindTimeoutSeconds\":2,\"responseTimeoutSeconds\":2}}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String id = created.json().get("id").asString();
        // Deleting the connection unbinds it before its SMSC stops.
        cleanups.add(() -> api.delete("/api/v1/providers/" + id));
        return id;
    }

    private static void route(ApiClient api, String first, String second) {
        ApiClient.Response r = api.post("/api/v1/routes", "{\"channel\":\"sms\",\"connections\":[{\"connection\":\""
                + first + "\"},{\"connection\":\"" + second + "\"}]}");
        assertThat(r.status()).as(r.text()).isEqualTo(201);
    }

    private static String send(ApiClient api, String phone) {
        ApiClient.Response response = api.post("/api/v1/messages", group("{\"sms\":{\"text\":\"Code 1234\"}}",
                "[{\"phone\":\"" + phone + "\"}]"));
        assertThat(response.status()).as(response.text()).isEqualTo(201);
        return response.json().get(0).get("id").asString();
    }

    private List<String> attempts(String messageId) {
        return jdbc.sql("SELECT provider || ' ' || outcome FROM delivery_attempt WHERE message_id = ?::uuid"
                        + " ORDER BY finished_at, id")
                .param(messageId).query(String.class).list();
    }

    private static String nextPhone() {
        return "7902" + String.format("%07d", PHONES.incrementAndGet());
    }
}
