package dev.herald.channel.smpp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jsmpp.SMPPConstant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * SMS over SMPP end to end: a connection made through {@code /api/v1/providers}, messages through
 * {@code /api/v1/messages}, a jSMPP SMSC answering and sending receipts, statuses read back from the API.
 */
class SmppDeliveryTest extends HeraldTest {

    private static final AtomicInteger PHONES = new AtomicInteger();
    private static final AtomicInteger SYSTEM_IDS = new AtomicInteger();
    private static FakeSmsc smsc;

    private final String systemId = FakeSmsc.SYSTEM_ID + SYSTEM_IDS.incrementAndGet();
    private final List<Runnable> cleanups = new ArrayList<>();

    @BeforeAll
    static void startSmsc() throws Exception {
        smsc = new FakeSmsc();
    }

    @AfterAll
    static void stopSmsc() throws Exception {
        smsc.close();
    }

    /** Deleting a connection unbinds its session, so the shared Herald does not keep rebinding to a stopped SMSC. */
    @AfterEach
    void deleteConnections() {
        cleanups.forEach(Runnable::run);
    }

    @Test
    void aReceiptDelivrdMakesTheMessageDeliveredAndItsRepeatChangesNothing() {
        ApiClient api = newAccount();
        connect(api, "smsc");
        String phone = nextPhone();
        smsc.duplicateReceipts(phone);

        String id = send(api, "{\"sms\":{\"text\":\"Your code is 1234\",\"provider\":\"smsc\"}}", phone);
        JsonNode delivered = awaitStatus(api, id, "DELIVERED");
        eventually().until(() -> smsc.acknowledgedReceiptsTo(phone) == 2);
        delivered = api.get("/api/v1/messages/" + id).json();

        FakeSmsc.Submit submit = smsc.submitsTo(phone).getFirst();
        assertThat(delivered.get("providerMessageId").asString()).isEqualTo(submit.messageId());
        assertThat(delivered.get("partCount").asInt()).isEqualTo(1);
        assertThat(submit.dataCoding()).isEqualTo((byte) 0);
        assertThat(delivered.get("history").findValuesAsString("status")).as("the second receipt changes nothing")
                .containsOnlyOnce("DELIVERED");
    }

    @Test
    void aReceiptUndelivMakesTheMessageUndeliveredAndTheCascadeMovesOn() {
        ApiClient api = newAccount();
        connect(api, "smsc");
        String phone = nextPhone();
        smsc.receipts(phone, "UNDELIV");

        JsonNode item = api.post("/api/v1/messages", group(
                "{\"sms\":{\"text\":\"Привет\"},\"email\":{\"text\":\"Hello\"}}",
                "[{\"phone\":\"" + phone + "\",\"email\":\"someone@example.com\"}]")).json().get(0);
        JsonNode undelivered = awaitStatus(api, item.get("id").asString(), "UNDELIVERED");

        assertThat(undelivered.get("provider").asString()).as("the account's default SMS connection").startsWith("conn:");
        assertThat(undelivered.get("error").get("code").asString()).isEqualTo("UNDELIV");
        assertThat(smsc.submitsTo(phone).getFirst().dataCoding()).as("UCS-2").isEqualTo((byte) 8);
        eventually().until(() -> api.get("/api/v1/messages?flowId=" + item.get("flowId").asString()).json()
                .get("items").toString(), s -> s.contains("EMAIL") && s.contains("DELIVERED"));
    }

    @Test
    void aLongMessageIsDeliveredOnceEveryPartIs() {
        ApiClient api = newAccount();
        connect(api, "smsc");
        String phone = nextPhone();
        smsc.receiptsWithTlvs(phone);

        String id = send(api, "{\"sms\":{\"text\":\"" + "Long text. ".repeat(30) + "\"}}", phone);
        JsonNode delivered = awaitStatus(api, id, "DELIVERED");

        List<FakeSmsc.Submit> submits = smsc.submitsTo(phone);
        assertThat(submits).hasSize(3);
        assertThat(delivered.get("partCount").asInt()).isEqualTo(3);
        assertThat(delivered.get("providerMessageId").asString()).isEqualTo(submits.getFirst().messageId());
    }

    /**
     * An SMSC restarted its message id counter: the second message gets the id the first one had. Each is
     * submitted once and recorded SENT once, and the receipt for the id goes to the newer message.
     */
    @Test
    void aMessageIdTheSmscReusesIsRecordedAndItsReceiptGoesToTheNewerMessage() {
        ApiClient api = newAccount();
        connect(api, "smsc");
        String firstPhone = nextPhone();
        String secondPhone = nextPhone();
        smsc.restartMessageIds();
        String older = send(api, "{\"sms\":{\"text\":\"first\"}}", firstPhone);
        awaitStatus(api, older, "DELIVERED");

        smsc.restartMessageIds();
        smsc.receipts(secondPhone, "UNDELIV");
        String newer = send(api, "{\"sms\":{\"text\":\"second\"}}", secondPhone);
        JsonNode undelivered = awaitStatus(api, newer, "UNDELIVERED");

        assertReusedIdRecordedOnce(api, older, undelivered, firstPhone, secondPhone);
    }

    /**
     * As above, with the receipt for the reused id stored before the submit_sm is even answered: it waits for
     * the newer message's submit (smpp_part, then early_report) instead of being spent on the older message.
     */
    @Test
    void aReceiptThatOvertakesTheSubmitOfAReusedIdGoesToTheNewerMessage() {
        ApiClient api = newAccount();
        connect(api, "smsc");
        String firstPhone = nextPhone();
        String secondPhone = nextPhone();
        smsc.restartMessageIds();
        smsc.receiptsBeforeResponse(firstPhone);
        String older = send(api, "{\"sms\":{\"text\":\"first\"}}", firstPhone);
        awaitStatus(api, older, "DELIVERED");

        smsc.restartMessageIds();
        smsc.receipts(secondPhone, "UNDELIV");
        smsc.receiptsBeforeResponse(secondPhone);
        String newer = send(api, "{\"sms\":{\"text\":\"second\"}}", secondPhone);
        JsonNode undelivered = awaitStatus(api, newer, "UNDELIVERED");

        assertReusedIdRecordedOnce(api, older, undelivered, firstPhone, secondPhone);
        assertThat(smsc.acknowledgedReceiptsTo(secondPhone)).isEqualTo(1);
    }

    /**
     * After an SMSC restart the earlier message's receipt never comes, and the SMSC reuses its id: the receipt
     * that overtakes the new submit is held briefly, and the new submit takes it. The earlier message stays SENT.
     */
    @Test
    void aReusedIdWhoseEarlierMessageStillWaitsForItsReceiptGivesTheReceiptToTheNewerMessage() throws Exception {
        ApiClient api = newAccount();
        connect(api, "smsc");
        String firstPhone = nextPhone();
        String secondPhone = nextPhone();
        smsc.restartMessageIds();
        smsc.receipts(firstPhone, "");
        String older = send(api, "{\"sms\":{\"text\":\"first\"}}", firstPhone);
        awaitStatus(api, older, "SENT");
        Thread.sleep(SmppParts.HOLD_AFTER.toMillis() + 500);

        smsc.restartMessageIds();
        smsc.receipts(secondPhone, "UNDELIV");
        smsc.receiptsBeforeResponse(secondPhone);
        String newer = send(api, "{\"sms\":{\"text\":\"second\"}}", secondPhone);
        JsonNode undelivered = awaitStatus(api, newer, "UNDELIVERED");
        Thread.sleep(SmppParts.HOLD.toMillis() + 1_500);

        JsonNode first = api.get("/api/v1/messages/" + older).json();
        assertThat(first.get("status").asString()).as("the receipt was not the older message's").isEqualTo("SENT");
        assertThat(undelivered.get("providerMessageId").asString()).isEqualTo(first.get("providerMessageId").asString());
        assertThat(smsc.submitsTo(firstPhone)).hasSize(1);
        assertThat(smsc.submitsTo(secondPhone)).hasSize(1);
    }

    /** A receipt that comes a while after its submit, with no reuse of its id in sight, is applied after the hold. */
    @Test
    void aLateReceiptIsAppliedAfterTheShortHold() {
        ApiClient api = newAccount();
        connect(api, "smsc");
        String phone = nextPhone();
        smsc.delayReceipts(phone, SmppParts.HOLD_AFTER.toMillis() + 1_000);

        String id = send(api, "{\"sms\":{\"text\":\"Hi\"}}", phone);
        awaitStatus(api, id, "SENT");
        awaitStatus(api, id, "DELIVERED");
    }

    private void assertReusedIdRecordedOnce(ApiClient api, String older, JsonNode newer, String firstPhone,
                                            String secondPhone) {
        JsonNode first = api.get("/api/v1/messages/" + older).json();
        assertThat(newer.get("providerMessageId").asString()).as("the SMSC reused the id")
                .isEqualTo(first.get("providerMessageId").asString());
        assertThat(first.get("status").asString()).as("the older message keeps its own receipt").isEqualTo("DELIVERED");
        assertThat(first.get("history").findValuesAsString("status")).containsOnlyOnce("SENT");
        assertThat(newer.get("history").findValuesAsString("status")).containsOnlyOnce("SENT");
        assertThat(newer.get("attempts").asInt()).isEqualTo(1);
        assertThat(newer.get("error").get("code").asString()).isEqualTo("UNDELIV");
        assertThat(smsc.submitsTo(firstPhone)).as("no repeat of the first SMS").hasSize(1);
        assertThat(smsc.submitsTo(secondPhone)).as("no repeat of the second SMS").hasSize(1);
    }

    @Test
    void aThrottledSubmitIsRetriedAndThenDelivered() {
        ApiClient api = newAccount();
        connect(api, "smsc");
        String phone = nextPhone();
        smsc.answer(phone, SMPPConstant.STAT_ESME_RTHROTTLED);

        String id = send(api, "{\"sms\":{\"text\":\"Hi\"}}", phone);
        JsonNode delivered = awaitStatus(api, id, "DELIVERED");

        assertThat(delivered.get("attempts").asInt()).isEqualTo(2);
        assertThat(smsc.submitsTo(phone)).hasSize(2);
    }

    @Test
    void aRefusedDestinationFailsTheMessageWithTheStatusName() {
        ApiClient api = newAccount();
        connect(api, "smsc");
        String phone = nextPhone();
        smsc.answer(phone, SMPPConstant.STAT_ESME_RINVDSTADR);

        String id = send(api, "{\"sms\":{\"text\":\"Hi\"}}", phone);
        JsonNode failed = awaitStatus(api, id, "FAILED");

        assertThat(failed.get("error").get("code").asString()).isEqualTo("ESME_RINVDSTADR");
    }

    @Test
    void afterTheSmscDropsTheSessionHeraldBindsAgainAndLaterMessagesAreDelivered() {
        ApiClient api = newAccount();
        connect(api, "smsc");
        awaitStatus(api, send(api, "{\"sms\":{\"text\":\"before\"}}", nextPhone()), "DELIVERED");
        int binds = smsc.binds();

        smsc.dropSessions();

        eventually().until(() -> smsc.binds() > binds);
        awaitStatus(api, send(api, "{\"sms\":{\"text\":\"after\"}}", nextPhone()), "DELIVERED");
    }

    @Test
    void theTestSaysWhetherTheSmscAcceptsTheCredentials() {
        ApiClient api = newAccount();

        ApiClient.Response refused = api.post("/api/v1/providers?test=true", connection("wrong", "wrong-pw"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text()).contains("ESME_RINVPASWD");

        String id = connect(api, "smsc");
        JsonNode check = api.post("/api/v1/providers/" + id + "/test", "").json();
        assertThat(check.get("ok").asBoolean()).isTrue();
        assertThat(check.get("detail").asString()).isEqualTo("bound as " + systemId + " to localhost:" + smsc.port());

        api.patch("/api/v1/providers/" + id, "{\"settings\":{\"password\":\"changed\"}}");
        JsonNode failed = api.post("/api/v1/providers/" + id + "/test", "").json();
        assertThat(failed.get("ok").asBoolean()).isFalse();
        assertThat(failed.get("detail").asString()).contains("ESME_RINVPASWD", "Invalid Password");
    }

    /**
     * An SMSC that refuses a bind and closes the socket right after its bind_resp: jSMPP 3.0.2 alone lost the
     * answer to the close about half the time and reported a timeout instead.
     */
    @Test
    void aRefusedBindIsReportedWithTheSmscsStatusEveryTimeAndAtOnce() {
        ApiClient api = newAccount();
        String body = "{\"name\":\"refusing\",\"type\":\"smpp\",\"settings\":{\"host\":\"localhost\",\"port\":"
                + smsc.port() + ",\"systemId\":\"" + FakeSmsc.REFUSED_SYSTEM_ID + "\",\"password\":\"pw\","
                + "\"bindTimeoutSeconds\":10}}";

        ApiClient.Response refused = api.post("/api/v1/providers?test=true", body);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text()).contains("ESME_RBINDFAIL");
        ApiClient.Response created = api.post("/api/v1/providers", body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String id = created.json().get("id").asString();
        cleanups.add(() -> api.delete("/api/v1/providers/" + id));

        for (int i = 0; i < 20; i++) {
            long started = System.nanoTime();
            JsonNode check = api.post("/api/v1/providers/" + id + "/test", "").json();
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertThat(check.get("ok").asBoolean()).isFalse();
            assertThat(check.get("detail").asString()).as("attempt %d", i + 1).contains("ESME_RBINDFAIL");
            assertThat(millis).as("attempt %d took %d ms", i + 1, millis).isLessThan(3_000);
        }
    }

    @Test
    void settingsTheSmscCouldNotTakeAreRefusedWhenSaved() {
        ApiClient api = newAccount();

        ApiClient.Response bad = api.post("/api/v1/providers", "{\"name\":\"bad\",\"type\":\"smpp\",\"settings\":{"
                + "\"host\":\"localhost\",\"systemId\":\"a-system-id-too-long\",\"password\":\"pw\",\"port\":\"0\","
                + "\"sourceAddr\":\"TooLongSenderName\"}}");

        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text()).contains("settings.systemId", "settings.port", "settings.sourceAddr");
        JsonNode types = api.get("/api/v1/providers/types").json();
        assertThat(types.toString()).contains("\"smpp\"", "systemId", "throughputPerSecond");
    }

    /** Each test's connection binds with its own system id, so the SMSC returns its receipts to it alone. */
    private String connect(ApiClient api, String name) {
        ApiClient.Response created = api.post("/api/v1/providers", connection(name, FakeSmsc.PASSWORD));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String id = created.json().get("id").asString();
        cleanups.add(() -> api.delete("/api/v1/providers/" + id));
        return id;
    }

    private String connection(String name, String password) {
        return "{\"name\":\"" + name + "\",\"type\":\"smpp\",\"channel\":\"sms\",\"settings\":{\"host\":\"localhost\","
                + "\"port\":" + smsc.port() + ",\"systemId\":\"" + systemId + "\",\"password\":\"" + password
                + "\",\"sourceAddr\":\"Herald\",\"bindTimeoutSeconds\":2,\"responseTimeoutSeconds\":2}}";
    }

    private String send(ApiClient api, String channels, String phone) {
        ApiClient.Response response = api.post("/api/v1/messages", group(channels, "[{\"phone\":\"" + phone + "\"}]"));
        assertThat(response.status()).as(response.text()).isEqualTo(201);
        return response.json().get(0).get("id").asString();
    }

    private static String nextPhone() {
        return "7901" + String.format("%07d", PHONES.incrementAndGet());
    }
}
