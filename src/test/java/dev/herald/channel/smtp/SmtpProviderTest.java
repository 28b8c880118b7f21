package dev.herald.channel.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.herald.channel.Channel;
import dev.herald.channel.ChannelProvider;
import dev.herald.channel.DefaultSenders;
import dev.herald.channel.ConnectionCheck;
import dev.herald.channel.OutboundMessage;
import dev.herald.channel.ProviderConnection;
import dev.herald.channel.SendResult;
import dev.herald.web.FieldProblem;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The SMTP adapter against GreenMail and a scripted SMTP server: what arrives, and how refusals map. */
class SmtpProviderTest {

    @RegisterExtension
    static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("herald", "s3cret"));

    /** No account has a default sender of its own here; Herald's is "Herald". */
    private static final DefaultSenders SENDERS = new DefaultSenders() {
        @Override
        public Optional<String> account(UUID accountId) {
            return Optional.empty();
        }

        @Override
        public String herald() {
            return "Herald";
        }
    };

    private final SmtpProviderType type = new SmtpProviderType(SENDERS, Clock.systemUTC());

    @Test
    void textAndHtmlArriveAsAlternativesWithCyrillicSubjectAndSenderName() throws Exception {
        ChannelProvider provider = type.open(connection(greenMail(Map.of(
                "fromName", "Магазин «Ромашка»",
                "replyTo", "support@shop.example",
                "listUnsubscribe", "mailto:unsubscribe@shop.example?subject={email}, https://shop.example/u?e={email}&m={messageId}"))));
        OutboundMessage message = email("ivan@example.org", Map.of(
                "from", "Herald",
                "subject", "Ваш заказ №42 готов",
                "text", "Здравствуйте, Иван! Заказ готов.",
                "html", "<p>Здравствуйте, <b>Иван</b>! Заказ готов.</p>"));

        SendResult result = provider.send(message);

        assertThat(result).isInstanceOf(SendResult.Accepted.class);
        SendResult.Accepted accepted = (SendResult.Accepted) result;
        assertThat(provider.reportsDelivery()).as("SMTP acceptance is final").isFalse();
        assertThat(accepted.providerMessageId()).isEqualTo("<" + message.messageId() + "@shop.example>");
        MimeMessage received = MAIL.getReceivedMessages()[0];
        assertThat(received.getMessageID()).isEqualTo(accepted.providerMessageId());
        assertThat(received.getSubject()).isEqualTo("Ваш заказ №42 готов");
        assertThat(received.getHeader("Subject", null)).as("encoded for the wire").startsWith("=?UTF-8?");
        InternetAddress from = (InternetAddress) received.getFrom()[0];
        assertThat(from.getAddress()).isEqualTo("news@shop.example");
        assertThat(from.getPersonal()).as("the connection's name, not Herald's default sender").isEqualTo("Магазин «Ромашка»");
        assertThat(((InternetAddress) received.getReplyTo()[0]).getAddress()).isEqualTo("support@shop.example");
        assertThat(received.getHeader("List-Unsubscribe", null)).isEqualTo(
                "<mailto:unsubscribe@shop.example?subject=ivan%40example.org>, <https://shop.example/u?e=ivan%40example.org&m="
                        + message.messageId() + ">");
        assertThat(received.getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");
        assertThat(received.getContentType()).startsWith("multipart/alternative");
        MimeMultipart parts = (MimeMultipart) received.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain").containsIgnoringCase("charset=UTF-8");
        assertThat(parts.getBodyPart(0).getContent()).isEqualTo("Здравствуйте, Иван! Заказ готов.");
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html").containsIgnoringCase("charset=UTF-8");
        assertThat(parts.getBodyPart(1).getContent()).isEqualTo("<p>Здравствуйте, <b>Иван</b>! Заказ готов.</p>");
    }

    @Test
    void aGroupFromNameOrAddressOverridesTheConnectionsSender() throws Exception {
        ChannelProvider provider = type.open(connection(greenMail(Map.of("fromName", "Shop"))));

        provider.send(email("a@example.org", Map.of("from", "Служба доставки", "text", "one")));
        provider.send(email("b@example.org", Map.of("from", "Склад <stock@depot.example>", "text", "two")));
        SendResult.Accepted third = (SendResult.Accepted) provider.send(
                email("c@example.org", Map.of("from", "orders@depot.example", "text", "three")));

        MimeMessage[] received = MAIL.getReceivedMessages();
        assertThat(address(received[0])).isEqualTo("Служба доставки <news@shop.example>");
        assertThat(address(received[1])).isEqualTo("Склад <stock@depot.example>");
        assertThat(address(received[2])).isEqualTo("Shop <orders@depot.example>");
        assertThat(third.providerMessageId()).as("named after the sender's domain").endsWith("@depot.example>");
        assertThat(received[0].getContentType()).startsWith("text/plain");
    }

    @Test
    void withoutSubjectTheConnectionsDefaultSubjectIsUsed() throws Exception {
        ChannelProvider provider = type.open(connection(greenMail(Map.of("defaultSubject", "Уведомление"))));

        provider.send(email("ivan@example.org", Map.of("html", "<p>only html</p>")));

        MimeMessage received = MAIL.getReceivedMessages()[0];
        assertThat(received.getSubject()).isEqualTo("Уведомление");
        assertThat(received.getContentType()).startsWith("text/html");
        assertThat(received.getHeader("List-Unsubscribe")).as("no header without the setting").isNull();
    }

    @Test
    void anInvalidGroupFromFailsForGood() {
        ChannelProvider provider = type.open(connection(greenMail(Map.of())));

        SendResult result = provider.send(email("ivan@example.org", Map.of("from", "bad@@address", "text", "x")));

        assertThat(result).isInstanceOfSatisfying(SendResult.PermanentFailure.class,
                f -> assertThat(f.reason()).contains("bad@@address"));
        assertThat(MAIL.getReceivedMessages()).isEmpty();
    }

    @Test
    void testingLogsInAndReportsTheServersRefusal() {
        ConnectionCheck ok = type.test(connection(greenMail(Map.of())));
        Map<String, String> wrong = greenMail(Map.of());
        wrong.put("password", "wrong");
        ConnectionCheck refused = type.test(connection(wrong));

        assertThat(ok.ok()).isTrue();
        assertThat(ok.detail()).isEqualTo("EHLO, AUTH as herald accepted by 127.0.0.1:" + MAIL.getSmtp().getPort());
        assertThat(refused.ok()).isFalse();
        assertThat(refused.detail()).startsWith("127.0.0.1:" + MAIL.getSmtp().getPort() + ": 535");
    }

    @Test
    void testingStarttlsAgainstAServerWithoutItFailsBeforeSendingThePassword() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer()) {
            Map<String, String> settings = scripted(server);
            settings.put("security", "starttls");
            settings.put("username", "herald");
            settings.put("password", "s3cret");

            ConnectionCheck check = type.test(connection(settings));

            assertThat(check.ok()).isFalse();
            assertThat(check.detail()).contains("STARTTLS is required");
            assertThat(server.commands()).noneMatch(c -> c.startsWith("AUTH"));
        }
    }

    @Test
    void aPermanentRefusalOfTheRecipientIsAPermanentFailureWithTheServersWords() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer("550 5.1.1 user unknown")) {
            SendResult result = type.open(connection(scripted(server))).send(email("nobody@example.org", Map.of("text", "hi")));

            assertThat(result).isEqualTo(new SendResult.PermanentFailure("550", "550 5.1.1 user unknown"));
            assertThat(server.accepted()).isZero();
        }
    }

    @Test
    void aTemporaryRefusalIsTransient() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer("451 4.7.1 greylisted, try again later")) {
            ChannelProvider provider = type.open(connection(scripted(server)));

            SendResult first = provider.send(email("ivan@example.org", Map.of("text", "hi")));
            SendResult second = provider.send(email("ivan@example.org", Map.of("text", "hi")));

            assertThat(first).isInstanceOfSatisfying(SendResult.TransientFailure.class,
                    f -> assertThat(f.reason()).isEqualTo("451 4.7.1 greylisted, try again later"));
            assertThat(second).isInstanceOf(SendResult.Accepted.class);
            assertThat(server.accepted()).isEqualTo(1);
        }
    }

    @Test
    void anUnreachableServerIsTransient() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, String> settings = greenMail(Map.of());
        settings.put("port", String.valueOf(closedPort));

        SendResult result = type.open(connection(settings)).send(email("ivan@example.org", Map.of("text", "hi")));
        ConnectionCheck check = type.test(connection(settings));

        assertThat(result).isInstanceOfSatisfying(SendResult.TransientFailure.class,
                f -> assertThat(f.reason()).contains("Connection refused"));
        assertThat(check.ok()).isFalse();
        assertThat(check.detail()).contains("Connection refused");
    }

    @Test
    void badSettingsAreNamed() {
        Map<String, String> settings = new HashMap<>(Map.of(
                "host", "smtp://mail.example", "port", "70000", "security", "ssl", "username", "herald",
                "fromAddress", "Shop <news@shop.example>", "replyTo", "not an address",
                "listUnsubscribe", "http://shop.example/u, mailto:nobody", "readTimeoutMs", "soon"));

        List<FieldProblem> problems = type.validate(connection(settings));

        assertThat(problems).extracting(FieldProblem::field).containsExactlyInAnyOrder(
                "host", "port", "security", "password", "fromAddress", "replyTo", "listUnsubscribe", "listUnsubscribe",
                "readTimeoutMs");
        assertThat(type.validate(connection(greenMail(Map.of())))).isEmpty();
    }

    private static String address(MimeMessage message) throws Exception {
        InternetAddress from = (InternetAddress) message.getFrom()[0];
        return from.getPersonal() + " <" + from.getAddress() + ">";
    }

    private static Map<String, String> greenMail(Map<String, String> extra) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("host", "127.0.0.1");
        settings.put("port", String.valueOf(MAIL.getSmtp().getPort()));
        settings.put("security", "none");
        settings.put("username", "herald");
        settings.put("password", "s3cret");
        settings.put("fromAddress", "news@shop.example");
        settings.put("readTimeoutMs", "5000");
        settings.putAll(extra);
        return settings;
    }

    private static Map<String, String> scripted(ScriptedSmtpServer server) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("host", "127.0.0.1");
        settings.put("port", String.valueOf(server.port()));
        settings.put("security", "none");
        settings.put("fromAddress", "news@shop.example");
        settings.put("readTimeoutMs", "5000");
        return settings;
    }

    private static ProviderConnection connection(Map<String, String> settings) {
        return new ProviderConnection(UUID.randomUUID(), UUID.randomUUID(), "mail", "smtp", Channel.EMAIL,
                Map.copyOf(settings), 1);
    }

    private static OutboundMessage email(String to, Map<String, Object> content) {
        return new OutboundMessage(UUID.randomUUID(), UUID.randomUUID(), Channel.EMAIL, to, content, 1);
    }
}
