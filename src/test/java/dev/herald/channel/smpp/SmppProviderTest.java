package dev.herald.channel.smpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.HeraldTest;
import dev.herald.channel.Channel;
import dev.herald.channel.ChannelProvider;
import dev.herald.channel.ConnectionCheck;
import dev.herald.channel.OutboundMessage;
import dev.herald.channel.ProviderConnection;
import dev.herald.channel.SendResult;
import dev.herald.web.FieldProblem;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jsmpp.SMPPConstant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The SMPP provider on its own against a jSMPP SMSC: what goes into submit_sm, how the SMSC's answers become
 * send results, binding, and how receipts for each part become one report per message.
 */
class SmppProviderTest extends HeraldTest {

    private static final AtomicInteger PHONES = new AtomicInteger();
    private static FakeSmsc smsc;

    @Autowired
    SmppProviderType type;

    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeAll
    static void startSmsc() throws Exception {
        smsc = new FakeSmsc();
    }

    @AfterAll
    static void stopSmsc() throws Exception {
        smsc.close();
    }

    @AfterEach
    void closeProviders() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
    }

    @Test
    void gsmTextGoesInOnePartAsUnpackedSeptetsWithDataCoding0() {
        String phone = nextPhone();
        SendResult result = open(connection(Map.of("sourceAddr", "Herald"))).send(sms("+" + phone, "Hi @ 5€ {ok}", null));

        assertThat(result).isInstanceOf(SendResult.Accepted.class);
        List<FakeSmsc.Submit> submits = smsc.submitsTo(phone);
        assertThat(submits).hasSize(1);
        FakeSmsc.Submit submit = submits.getFirst();
        assertThat(((SendResult.Accepted) result).providerMessageId()).isEqualTo(submit.messageId());
        assertThat(((SendResult.Accepted) result).partCount()).isEqualTo(1);
        assertThat(submit.dataCoding()).isEqualTo((byte) 0);
        assertThat(submit.esmClass()).isEqualTo((byte) 0);
        assertThat(submit.registeredDelivery()).as("a receipt on success and failure").isEqualTo((byte) 1);
        assertThat(submit.shortMessage()).containsExactly(
                'H', 'i', ' ', 0x00, ' ', '5', 0x1B, 0x65, ' ', 0x1B, 0x28, 'o', 'k', 0x1B, 0x29);
        assertThat(submit.sourceAddr()).isEqualTo("Herald");
        assertThat(submit.sourceTon()).as("alphanumeric").isEqualTo((byte) 5);
        assertThat(submit.sourceNpi()).isEqualTo((byte) 0);
        assertThat(submit.destTon()).as("international").isEqualTo((byte) 1);
        assertThat(submit.destNpi()).isEqualTo((byte) 1);
    }

    @Test
    void cyrillicGoesAsUcs2AndTheMessagesFromOverridesTheDefaultSender() {
        String phone = nextPhone();
        SendResult result = open(connection(Map.of("sourceAddr", "Herald"))).send(sms(phone, "Привет, мир!", "+79001112233"));

        assertThat(result).isInstanceOf(SendResult.Accepted.class);
        FakeSmsc.Submit submit = smsc.submitsTo(phone).getFirst();
        assertThat(submit.dataCoding()).isEqualTo((byte) 8);
        assertThat(new String(submit.shortMessage(), StandardCharsets.UTF_16BE)).isEqualTo("Привет, мир!");
        assertThat(submit.sourceAddr()).isEqualTo("79001112233");
        assertThat(submit.sourceTon()).isEqualTo((byte) 1);
        assertThat(submit.sourceNpi()).isEqualTo((byte) 1);
    }

    @Test
    void aLongLatinTextGoesInPartsWithAConcatenationHeaderAndOneReference() {
        String phone = nextPhone();
        String text = "x".repeat(150) + " and the rest of a longer story.".repeat(2).substring(0, 50);
        assertThat(text).hasSize(200);

        SendResult result = open(connection(Map.of())).send(sms(phone, text, null));

        List<FakeSmsc.Submit> submits = smsc.submitsTo(phone);
        assertThat(submits).hasSize(2);
        assertThat(result).isEqualTo(new SendResult.Accepted(submits.getFirst().messageId(), 2));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int i = 0; i < 2; i++) {
            byte[] sm = submits.get(i).shortMessage();
            assertThat(submits.get(i).esmClass()).as("UDHI").isEqualTo((byte) 0x40);
            assertThat(submits.get(i).dataCoding()).isEqualTo((byte) 0);
            assertThat(sm[0]).isEqualTo((byte) 5);
            assertThat(sm[1]).as("8-bit reference IE").isEqualTo((byte) 0);
            assertThat(sm[2]).isEqualTo((byte) 3);
            assertThat(sm[3]).as("the same reference").isEqualTo(submits.getFirst().shortMessage()[3]);
            assertThat(sm[4]).as("total").isEqualTo((byte) 2);
            assertThat(sm[5]).as("sequence").isEqualTo((byte) (i + 1));
            body.write(sm, 6, sm.length - 6);
        }
        assertThat(submits.getFirst().shortMessage()).hasSize(6 + 153);
        assertThat(body.toString(StandardCharsets.US_ASCII)).isEqualTo(text);
    }

    @Test
    void aLongCyrillicTextGoesIn67CharacterParts() {
        String phone = nextPhone();
        String text = "Ж".repeat(140);

        SendResult result = open(connection(Map.of())).send(sms(phone, text, null));

        assertThat(result).isInstanceOf(SendResult.Accepted.class);
        assertThat(((SendResult.Accepted) result).partCount()).isEqualTo(3);
        List<FakeSmsc.Submit> submits = smsc.submitsTo(phone);
        assertThat(submits).extracting(s -> s.shortMessage().length).containsExactly(6 + 134, 6 + 134, 6 + 12);
        assertThat(submits).allSatisfy(s -> assertThat(s.dataCoding()).isEqualTo((byte) 8));
    }

    @Test
    void receiptsOfEveryPartDecideTheMessage() {
        String delivered = nextPhone();
        String undelivered = nextPhone();
        smsc.receipts(undelivered, "UNDELIV");
        smsc.receiptsWithTlvs(undelivered);
        ProviderConnection connection = connection(Map.of());
        ChannelProvider provider = open(connection);

        SendResult.Accepted ok = (SendResult.Accepted) provider.send(sms(delivered, "y".repeat(300), null));
        SendResult.Accepted failed = (SendResult.Accepted) provider.send(sms(undelivered, "hello", null));

        // No message in Herald has these ids, so the engine keeps the reports as early reports.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(earlyReport(connection, ok.providerMessageId())).isEqualTo("DELIVERED");
            assertThat(earlyReport(connection, failed.providerMessageId())).isEqualTo("UNDELIVERED");
        });
        assertThat(ok.partCount()).isEqualTo(2);
        assertThat(jdbc.sql("SELECT count(*) FROM smpp_part WHERE provider = ? AND message_id = ? AND outcome = 'DELIVERED'")
                .params(connection.key(), ok.providerMessageId()).query(Integer.class).single()).isEqualTo(2);
    }

    @Test
    void throttlingIsWorthRetryingSoonAndABadAddressIsNot() {
        String throttled = nextPhone();
        String invalid = nextPhone();
        smsc.answer(throttled, SMPPConstant.STAT_ESME_RTHROTTLED);
        smsc.answer(invalid, SMPPConstant.STAT_ESME_RINVDSTADR);
        ChannelProvider provider = open(connection(Map.of()));

        assertThat(provider.send(sms(throttled, "hello", null))).isInstanceOfSatisfying(SendResult.TransientFailure.class,
                f -> {
                    assertThat(f.reason()).contains("ESME_RTHROTTLED");
                    assertThat(f.retryAfter()).isEqualTo(Duration.ofSeconds(1));
                });
        assertThat(provider.send(sms(throttled, "hello", null))).isInstanceOf(SendResult.Accepted.class);
        assertThat(provider.send(sms(invalid, "hello", null))).isInstanceOfSatisfying(SendResult.PermanentFailure.class,
                f -> {
                    assertThat(f.code()).isEqualTo("ESME_RINVDSTADR");
                    assertThat(f.reason()).contains("Invalid Destination Address");
                });
    }

    @Test
    void aThrottledLaterPartIsRetriedWithinTheSendSoTheFirstIsNotRepeated() {
        String phone = nextPhone();
        smsc.answer(phone, SMPPConstant.STAT_ESME_ROK, SMPPConstant.STAT_ESME_RTHROTTLED);

        SendResult result = open(connection(Map.of())).send(sms(phone, "z".repeat(200), null));

        assertThat(result).isInstanceOf(SendResult.Accepted.class);
        assertThat(smsc.submitsTo(phone)).extracting(s -> s.shortMessage()[5]).containsExactly((byte) 1, (byte) 2, (byte) 2);
    }

    @Test
    void atMostTheWindowOfSubmitsAwaitTheirResponse() throws Exception {
        smsc.latency(50);
        try {
            ChannelProvider provider = open(connection(Map.of("windowSize", "3")));
            List<String> phones = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                phones.add(nextPhone());
            }

            List<SendResult> results = sendAll(provider, phones);

            assertThat(results).allSatisfy(r -> assertThat(r).isInstanceOf(SendResult.Accepted.class));
            assertThat(smsc.maxInFlight()).isBetween(2, 3);
        } finally {
            smsc.latency(0);
        }
    }

    @Test
    void submitsAreSpacedAtTheConnectionsThroughput() throws Exception {
        ChannelProvider provider = open(connection(Map.of("throughputPerSecond", "20", "windowSize", "20")));
        List<String> phones = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            phones.add(nextPhone());
        }

        List<SendResult> results = sendAll(provider, phones);

        assertThat(results).allSatisfy(r -> assertThat(r).isInstanceOf(SendResult.Accepted.class));
        List<Long> times = phones.stream().map(p -> smsc.submitsTo(p).getFirst().receivedNanos()).sorted().toList();
        assertThat(Duration.ofNanos(times.getLast() - times.getFirst()))
                .as("10 submits at 20 per second take at least 9 intervals of 50 ms")
                .isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void aDroppedSessionIsBoundAgainAndLaterMessagesGoOut() {
        ChannelProvider provider = open(connection(Map.of()));
        assertThat(provider.send(sms(nextPhone(), "before", null))).isInstanceOf(SendResult.Accepted.class);
        int binds = smsc.binds();

        smsc.dropSessions();

        await().atMost(Duration.ofSeconds(10)).until(() -> smsc.binds() > binds);
        String phone = nextPhone();
        assertThat(provider.send(sms(phone, "after", null))).isInstanceOf(SendResult.Accepted.class);
        assertThat(smsc.submitsTo(phone)).hasSize(1);
    }

    @Test
    void withoutAnSmscASendIsRetriedLater() throws Exception {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ChannelProvider provider = open(connection(Map.of("port", String.valueOf(closedPort))));

        assertThat(provider.send(sms(nextPhone(), "hello", null))).isInstanceOfSatisfying(SendResult.TransientFailure.class,
                f -> {
                    assertThat(f.reason()).contains("cannot connect to localhost:" + closedPort);
                    assertThat(f.retryAfter()).isPositive();
                });
    }

    @Test
    void closingUnbinds() throws Exception {
        ChannelProvider provider = type.open(connection(Map.of()));
        assertThat(provider.send(sms(nextPhone(), "hello", null))).isInstanceOf(SendResult.Accepted.class);
        int bound = smsc.boundSessions();

        ((AutoCloseable) provider).close();

        await().atMost(Duration.ofSeconds(5)).until(() -> smsc.boundSessions() == bound - 1);
    }

    @Test
    void testingAConnectionBindsAndSaysWhatTheSmscAnswered() {
        ConnectionCheck ok = type.test(connection(Map.of()));
        ConnectionCheck wrongPassword = type.test(connection(Map.of("password", "wrong")));
        ConnectionCheck wrongSystemId = type.test(connection(Map.of("systemId", "nobody")));

        assertThat(ok).isEqualTo(ConnectionCheck.ok("bound as herald to localhost:" + smsc.port()));
        assertThat(wrongPassword.ok()).isFalse();
        assertThat(wrongPassword.detail()).contains("ESME_RINVPASWD").contains("Invalid Password");
        assertThat(wrongSystemId.detail()).contains("ESME_RINVSYSID");
    }

    @Test
    void settingsAreCheckedWhenSaved() {
        List<FieldProblem> problems = type.validate(connection(Map.of("port", "70000", "password", "far too long",
                "sourceAddr", "A very long sender", "sourceNpi", "2", "windowSize", "many")));

        assertThat(problems).extracting(FieldProblem::field)
                .containsExactlyInAnyOrder("port", "password", "sourceAddr", "sourceNpi", "windowSize");
        assertThat(type.validate(connection(Map.of("sourceTon", "auto", "sourceNpi", "1")))).isEmpty();
    }

    private static List<SendResult> sendAll(ChannelProvider provider, List<String> phones) throws Exception {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<SendResult>> futures = phones.stream()
                    .map(phone -> threads.submit(() -> provider.send(sms(phone, "hello", null))))
                    .toList();
            List<SendResult> results = new ArrayList<>();
            for (Future<SendResult> f : futures) {
                results.add(f.get());
            }
            return results;
        }
    }

    private ChannelProvider open(ProviderConnection connection) {
        ChannelProvider provider = type.open(connection);
        opened.add((AutoCloseable) provider);
        return provider;
    }

    private static ProviderConnection connection(Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "host", "localhost",
                "port", String.valueOf(smsc.port()),
                "systemId", FakeSmsc.SYSTEM_ID,
                "password", FakeSmsc.PASSWORD,
                "bindTimeoutSeconds", "2",
                "responseTimeoutSeconds", "2"));
        settings.putAll(overrides);
        return new ProviderConnection(UUID.randomUUID(), UUID.randomUUID(), "smsc", SmppProviderType.TYPE, Channel.SMS,
                Map.copyOf(settings), 1);
    }

    private static OutboundMessage sms(String phone, String text, String from) {
        Map<String, Object> content = new HashMap<>();
        content.put("text", text);
        if (from != null) {
            content.put("from", from);
        }
        return new OutboundMessage(UUID.randomUUID(), UUID.randomUUID(), Channel.SMS, phone, content, 1);
    }

    private String earlyReport(ProviderConnection connection, String providerMessageId) {
        return jdbc.sql("SELECT status FROM early_report WHERE provider = ? AND provider_message_id = ?")
                .params(connection.key(), providerMessageId).query(String.class).optional().orElse(null);
    }

    private static String nextPhone() {
        return "7900" + String.format("%07d", PHONES.incrementAndGet());
    }
}
