package dev.herald.channel.smpp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.ApiClient;
import dev.herald.HeraldTest;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who an SMS over SMPP is from, as the SMSC sees it in source_addr: the group's {@code from}, else the
 * connection's {@code sourceAddr}, else the account's default sender ({@code /api/v1/account/settings}), else
 * Herald's, resolved when the message is sent.
 */
class SmppSenderTest extends HeraldTest {

    private static final AtomicInteger PHONES = new AtomicInteger();
    private static final AtomicInteger SYSTEM_IDS = new AtomicInteger();
    private static FakeSmsc smsc;

    private final String systemId = FakeSmsc.SYSTEM_ID + "-s" + SYSTEM_IDS.incrementAndGet();
    private final List<Runnable> cleanups = new ArrayList<>();

    @BeforeAll
    static void startSmsc() throws Exception {
        smsc = new FakeSmsc();
    }

    @AfterAll
    static void stopSmsc() throws Exception {
        smsc.close();
    }

    @AfterEach
    void deleteConnections() {
        cleanups.forEach(Runnable::run);
    }

    @Test
    void theConnectionsSourceAddrIsTheDefaultAndTheGroupsFromOverridesIt() {
        ApiClient api = newAccount();
        connect(api, "\"sourceAddr\":\"ACME\",");

        assertThat(sourceAddrOf(api, "{\"sms\":{\"text\":\"Hi\"}}")).isEqualTo("ACME");
        assertThat(sourceAddrOf(api, "{\"sms\":{\"text\":\"Hi\",\"from\":\"Shop\"}}")).isEqualTo("Shop");
    }

    @Test
    void withoutASourceAddrTheAccountsDefaultSenderIsUsedElseHeralds() {
        ApiClient api = newAccount();
        connect(api, "");
        assertThat(api.get("/api/v1/account/settings").json().get("defaultSender").isNull()).isTrue();
        assertThat(sourceAddrOf(api, "{\"sms\":{\"text\":\"Hi\"}}")).isEqualTo("Herald");

        ApiClient.Response changed = api.patch("/api/v1/account/settings", "{\"defaultSender\":\"TwinService\"}");
        assertThat(changed.status()).as(changed.text()).isEqualTo(200);
        assertThat(changed.json().get("defaultSender").asString()).isEqualTo("TwinService");
        assertThat(api.get("/api/v1/account/settings").json().get("defaultSender").asString()).isEqualTo("TwinService");
        assertThat(sourceAddrOf(api, "{\"sms\":{\"text\":\"Hi\"}}")).isEqualTo("TwinService");

        ApiClient other = newAccount();
        assertThat(other.get("/api/v1/account/settings").json().get("defaultSender").isNull())
                .as("another account's setting").isTrue();

        api.patch("/api/v1/account/settings", "{\"defaultSender\":null}");
        assertThat(sourceAddrOf(api, "{\"sms\":{\"text\":\"Hi\"}}")).isEqualTo("Herald");
    }

    @Test
    void theSenderIsTheConnectionsAsItIsWhenTheMessageIsSentNotWhenItWasAccepted() {
        ApiClient api = newAccount();
        String id = connect(api, "\"sourceAddr\":\"Before\",");
        String phone = nextPhone();
        String sendAt = OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(3).toString();
        ApiClient.Response accepted = api.post("/api/v1/messages", "{\"messages\":[{\"channels\":{\"sms\":{\"text\":"
                + "\"later\"}},\"sendAt\":\"" + sendAt + "\",\"destinations\":[{\"phone\":\"" + phone + "\"}]}]}");
        assertThat(accepted.status()).as(accepted.text()).isEqualTo(201);

        ApiClient.Response patched = api.patch("/api/v1/providers/" + id, "{\"settings\":{\"sourceAddr\":\"After\"}}");
        assertThat(patched.status()).as(patched.text()).isEqualTo(200);

        awaitStatus(api, accepted.json().get(0).get("id").asString(), "DELIVERED");
        assertThat(smsc.submitsTo(phone).getFirst().sourceAddr()).isEqualTo("After");
    }

    @Test
    void anAccountDefaultSenderNoSmsCouldCarryIsRefusedNamingTheField() {
        ApiClient api = newAccount();

        ApiClient.Response tooLong = api.patch("/api/v1/account/settings", "{\"defaultSender\":\"TooLongSenderName\"}");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.header("Content-Type")).startsWith("application/problem+json");
        assertThat(tooLong.text()).contains("defaultSender");
        ApiClient.Response notText = api.patch("/api/v1/account/settings", "{\"defaultSender\":42}");
        assertThat(notText.status()).isEqualTo(400);
        assertThat(notText.text()).contains("defaultSender");
        ApiClient.Response unknown = api.patch("/api/v1/account/settings", "{\"timeZone\":\"UTC\"}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.text()).contains("timeZone");
        assertThat(api.patch("/api/v1/account/settings", "{\"defaultSender\":\"+79001234567\"}").status()).isEqualTo(200);
    }

    private String sourceAddrOf(ApiClient api, String channels) {
        String phone = nextPhone();
        ApiClient.Response response = api.post("/api/v1/messages", group(channels, "[{\"phone\":\"" + phone + "\"}]"));
        assertThat(response.status()).as(response.text()).isEqualTo(201);
        awaitStatus(api, response.json().get(0).get("id").asString(), "DELIVERED");
        return smsc.submitsTo(phone).getFirst().sourceAddr();
    }

    private String connect(ApiClient api, String sourceAddr) {
        ApiClient.Response created = api.post("/api/v1/providers", "{\"name\":\"smsc\",\"type\":\"smpp\",\"channel\":\"sms\","
                + "\"settings\":{\"host\":\"localhost\",\"port\":" + smsc.port() + ",\"systemId\":\"" + systemId
                + "\",\"password\":\"" + FakeSmsc.PASSWORD + "\"," + sourceAddr
                + "\"bindTimeoutSeconds\":2,\"responseTimeoutSeconds\":2}}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String id = created.json().get("id").asString();
        cleanups.add(() -> api.delete("/api/v1/providers/" + id));
        return id;
    }

    private static String nextPhone() {
        return "7902" + String.format("%07d", PHONES.incrementAndGet());
    }
}
