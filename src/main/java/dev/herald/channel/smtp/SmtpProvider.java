package dev.herald.channel.smtp;

import dev.herald.channel.Channel;
import dev.herald.channel.ChannelProvider;
import dev.herald.channel.OutboundMessage;
import dev.herald.channel.SendResult;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.Optional;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * Sends e-mail through one account's SMTP server, one SMTP session per message. The server's 5xx refusal
 * fails the message (the cascade moves on), a 4xx or a lost connection is retried. SMTP gives no delivery
 * receipt, so an accepted e-mail stays SENT for good and ends its cascade (see docs/providers.md).
 */
final class SmtpProvider implements ChannelProvider {

    private final String name;
    private final JavaMailSenderImpl sender;
    private final EmailComposer composer;

    SmtpProvider(String name, JavaMailSenderImpl sender, EmailComposer composer) {
        this.name = name;
        this.sender = sender;
        this.composer = composer;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean supports(Channel channel) {
        return channel == Channel.EMAIL;
    }

    @Override
    public SendResult send(OutboundMessage message) {
        MimeMessage mime;
        String messageId;
        try {
            mime = composer.compose(sender.getSession(), message);
            messageId = mime.getMessageID();
        } catch (EmailComposer.UnwritableEmailException e) {
            return new SendResult.PermanentFailure("INVALID_EMAIL", e.getMessage());
        } catch (MessagingException e) {
            throw new IllegalStateException("A composed e-mail has a Message-ID", e);
        }
        try {
            sender.send(mime);
        } catch (MailException e) {
            return outcome(e);
        }
        return new SendResult.Accepted(messageId, 1);
    }

    /** The server's acceptance is the last word SMTP gives; bounces come later by mail, if at all. */
    @Override
    public boolean reportsDelivery() {
        return false;
    }

    private static SendResult outcome(MailException failure) {
        Optional<SmtpReply> reply = SmtpReply.of(failure);
        if (reply.isPresent() && reply.get().permanent()) {
            return new SendResult.PermanentFailure(String.valueOf(reply.get().code()), reply.get().text());
        }
        return new SendResult.TransientFailure(reply.map(SmtpReply::text).orElseGet(() -> SmtpReply.describe(failure)),
                null);
    }
}
