package dev.herald.channel.smpp;

import dev.herald.channel.Channel;
import dev.herald.channel.ChannelProvider;
import dev.herald.channel.ConnectionCheck;
import dev.herald.channel.DefaultSenders;
import dev.herald.channel.ProviderConnection;
import dev.herald.channel.ProviderType;
import dev.herald.channel.SettingField;
import dev.herald.web.FieldProblem;
import java.util.List;
import java.util.Set;
import org.jsmpp.session.SMPPSession;
import org.springframework.stereotype.Component;

/**
 * SMS through an operator's or aggregator's SMSC over SMPP 3.4, as a transceiver (see {@code docs/providers.md},
 * "SMS over SMPP"). Each open connection keeps one session bound per Herald node.
 */
@Component
public class SmppProviderType implements ProviderType {

    public static final String TYPE = "smpp";

    private final SmppParts parts;
    private final DefaultSenders senders;

    SmppProviderType(SmppParts parts, DefaultSenders senders) {
        this.parts = parts;
        this.senders = senders;
    }

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
        return SmppSettings.FIELDS;
    }

    @Override
    public List<FieldProblem> validate(ProviderConnection connection) {
        return SmppSettings.problems(connection);
    }

    /** Starts binding in the background and returns at once; sends wait briefly for the first bind. */
    @Override
    public ChannelProvider open(ProviderConnection connection) {
        SmppSettings settings = SmppSettings.of(connection);
        SmppLink link = new SmppLink(connection.key(), settings, new ReceiptListener(connection.key(), parts));
        link.start();
        return new SmppProvider(connection.key(), settings, link, parts, senders);
    }

    @Override
    public ConnectionCheck test(ProviderConnection connection) {
        List<FieldProblem> problems = validate(connection);
        if (!problems.isEmpty()) {
            return ConnectionCheck.failed(problems.stream().map(p -> p.field() + " " + p.message())
                    .reduce((a, b) -> a + "; " + b).orElseThrow());
        }
        SmppSettings settings = SmppSettings.of(connection);
        try {
            // An SMSC may hand queued receipts to any session it binds, this one too: they are applied as usual.
            SMPPSession session = SmppLink.bind(settings, new ReceiptListener(connection.key(), parts), () -> { });
            session.unbindAndClose();
            return ConnectionCheck.ok("bound as " + settings.systemId() + " to " + settings.endpoint());
        } catch (SmppLink.BindException e) {
            return ConnectionCheck.failed(e.getMessage());
        }
    }
}
