package dev.herald.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.HeraldTest;
import dev.herald.channel.Channel;
import dev.herald.channel.ChannelProvider;
import dev.herald.channel.ConnectionCheck;
import dev.herald.channel.OutboundMessage;
import dev.herald.channel.ProviderConnection;
import dev.herald.channel.ProviderType;
import dev.herald.channel.SendResult;
import dev.herald.channel.SettingField;
import dev.herald.support.SecretBox;
import dev.herald.web.FieldProblem;
import java.net.InetAddress;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

/**
 * A connection's hosts passed the SSRF check when it was stored; when a name resolves to the operator's network
 * later (DNS rebinding), nothing is sent through it. The shared test context allows private addresses, so this
 * builds LiveProviders with a strict guard over the real connection table.
 */
class SendTimeAddressCheckTest extends HeraldTest {

    private static final String TYPE = "rebinding-test";

    @Autowired
    private SecretBox box;
    @Autowired
    private JsonMapper json;

    private final AtomicInteger sends = new AtomicInteger();

    private final ProviderType type = new ProviderType() {
        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public Set<Channel> channels() {
            return Set.of(Channel.SMS);
        }

        @Override
        public List<SettingField> fields() {
            return List.of(SettingField.required("baseUrl", "where"));
        }

        @Override
        public List<FieldProblem> validate(ProviderConnection connection) {
            return List.of();
        }

        @Override
        public ChannelProvider open(ProviderConnection connection) {
            return new ChannelProvider() {
                @Override
                public String name() {
                    return connection.key();
                }

                @Override
                public boolean supports(Channel channel) {
                    return channel == Channel.SMS;
                }

                @Override
                public SendResult send(OutboundMessage message) {
                    sends.incrementAndGet();
                    return new SendResult.Accepted("p-1", 1);
                }
            };
        }

        @Override
        public ConnectionCheck test(ProviderConnection connection) {
            return ConnectionCheck.ok("reached");
        }
    };

    @Test
    void aHostThatNowResolvesToTheOperatorsNetworkGetsNothing() {
        UUID account = accounts.create("rebind-" + UUID.randomUUID(), ZoneId.of("UTC")).value();
        ProviderTypes types = new ProviderTypes(List.of(type));
        ProviderConnections connections = new ProviderConnections(jdbc, box, json, types);
        // Stored as if its name had resolved to a public address then; "localhost" stands for the re-pointed name.
        ProviderConnection stored = new ProviderConnection(UUID.randomUUID(), account, "rebound", TYPE, Channel.SMS,
                Map.of("baseUrl", "http://localhost:9/api"), 1);
        connections.insert(stored, false);
        OutboundMessage message = new OutboundMessage(UUID.randomUUID(), account, Channel.SMS, "79001234567",
                Map.of("text", "hi"), 1);

        SendResult strict = new LiveProviders(connections, types, new ProviderAddressGuard(false, InetAddress::getAllByName))
                .get(stored.id()).send(message);
        SendResult allowed = new LiveProviders(connections, types, new ProviderAddressGuard(true, InetAddress::getAllByName))
                .get(stored.id()).send(message);

        assertThat(strict).isInstanceOfSatisfying(SendResult.PermanentFailure.class, failure -> {
            assertThat(failure.code()).isEqualTo("PROVIDER_ADDRESS_REFUSED");
            assertThat(failure.reason()).contains("settings.baseUrl").contains("localhost");
        });
        assertThat(allowed).isInstanceOf(SendResult.Accepted.class);
        assertThat(sends).hasValue(1);
    }
}
