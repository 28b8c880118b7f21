package dev.herald.channel.smtp;

import dev.herald.channel.Channel;
import dev.herald.channel.ChannelProvider;
import dev.herald.channel.DefaultSenders;
import dev.herald.channel.ConnectionCheck;
import dev.herald.channel.ProviderConnection;
import dev.herald.channel.ProviderType;
import dev.herald.channel.SettingField;
import dev.herald.web.FieldProblem;
import jakarta.mail.MessagingException;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

/** E-mail over SMTP ({@code type: smtp}): any mail server or e-mail service that accepts SMTP submission. */
@Component
class SmtpProviderType implements ProviderType {

    private final DefaultSenders senders;
    private final Clock clock;

    SmtpProviderType(DefaultSenders senders, Clock clock) {
        this.senders = senders;
        this.clock = clock;
    }

    @Override
    public String type() {
        return "smtp";
    }

    @Override
    public Set<Channel> channels() {
        return Set.of(Channel.EMAIL);
    }

    @Override
    public List<SettingField> fields() {
        return SmtpSettings.fields();
    }

    @Override
    public List<FieldProblem> validate(ProviderConnection connection) {
        return SmtpSettings.validate(connection);
    }

    @Override
    public ChannelProvider open(ProviderConnection connection) {
        SmtpSettings settings = SmtpSettings.of(connection);
        return new SmtpProvider(connection.key(), SmtpSenders.create(settings),
                new EmailComposer(settings, senders, clock));
    }

    /** Connects, says EHLO, upgrades with STARTTLS and logs in as a send would, then quits. */
    @Override
    public ConnectionCheck test(ProviderConnection connection) {
        SmtpSettings settings = SmtpSettings.of(connection);
        JavaMailSenderImpl sender = SmtpSenders.create(settings);
        String server = settings.host() + ":" + settings.port();
        try {
            sender.testConnection();
        } catch (MessagingException e) {
            return ConnectionCheck.failed(server + ": " + SmtpReply.of(e).map(SmtpReply::text)
                    .orElseGet(() -> SmtpReply.describe(e)));
        }
        StringBuilder steps = new StringBuilder("EHLO");
        if (settings.security() == SmtpSettings.Security.STARTTLS) {
            steps.append(", STARTTLS");
        }
        if (settings.username() != null) {
            steps.append(", AUTH as ").append(settings.username());
        }
        return ConnectionCheck.ok(steps + " accepted by " + server
                + (settings.security() == SmtpSettings.Security.TLS ? " over TLS" : ""));
    }
}
