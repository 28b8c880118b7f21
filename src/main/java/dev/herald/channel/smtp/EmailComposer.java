package dev.herald.channel.smtp;

import dev.herald.channel.DefaultSenders;
import dev.herald.channel.OutboundMessage;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.UnsupportedEncodingException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;
import java.util.stream.Collectors;

/**
 * Turns a message into a MIME e-mail: text and HTML as {@code multipart/alternative} (or the one that is
 * given), UTF-8 subject and display name, {@code List-Unsubscribe}, and a {@code Message-ID} Herald chooses
 * ({@code <message-uuid@sender-domain>}), so a retry keeps the same id and a later bounce can be matched.
 */
final class EmailComposer {

    private static final String UTF_8 = StandardCharsets.UTF_8.name();
    /** The option the delivery engine adds for a message of a subscription category: its unsubscribe URL. */
    static final String LIST_UNSUBSCRIBE = "listUnsubscribe";
    /** Where a text or HTML body wants that URL. */
    static final String UNSUBSCRIBE_PLACEHOLDER = "{unsubscribeUrl}";

    private final SmtpSettings settings;
    private final DefaultSenders senders;
    private final Clock clock;

    /**
     * @param senders the account's default sender, the display name when neither the group's {@code from} nor
     *                the connection's {@code fromName} gives one; Herald's own default never overrides
     *                {@code fromName} (messages stored before the sender was resolved at send time carry it)
     */
    EmailComposer(SmtpSettings settings, DefaultSenders senders, Clock clock) {
        this.settings = settings;
        this.senders = senders;
        this.clock = clock;
    }

    /** An e-mail that cannot be written (e.g. a group's {@code from} that is no address); sending it again won't help. */
    static final class UnwritableEmailException extends Exception {
        UnwritableEmailException(String message) {
            super(message);
        }
    }

    MimeMessage compose(Session session, OutboundMessage message) throws UnwritableEmailException {
        InternetAddress from = sender(message.string("from"), settings.fromName() != null ? settings.fromName()
                : senders.account(message.accountId()).orElse(null));
        String messageId = messageId(message, from);
        try {
            MimeMessage mime = new IdentifiedMimeMessage(session, messageId);
            mime.setFrom(from);
            mime.setRecipient(Message.RecipientType.TO, recipient(message.address()));
            if (settings.replyTo() != null) {
                mime.setReplyTo(new InternetAddress[] {new InternetAddress(settings.replyTo(), true)});
            }
            String subject = message.string("subject");
            if (subject == null || subject.isBlank()) {
                subject = settings.defaultSubject();
            }
            if (subject != null) {
                mime.setSubject(subject, UTF_8);
            }
            mime.setSentDate(Date.from(clock.instant()));
            // A message of a subscription category carries Herald's own signed one-click URL (the contact policy's).
            String herald = message.string(LIST_UNSUBSCRIBE);
            body(mime, withUnsubscribeUrl(message.text(), herald), withUnsubscribeUrl(message.string("html"), herald));
            if (herald != null) {
                mime.setHeader("List-Unsubscribe", "<" + herald + ">");
                mime.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
            } else if (!settings.listUnsubscribe().isEmpty()) {
                mime.setHeader("List-Unsubscribe", settings.listUnsubscribe().stream()
                        .map(uri -> "<" + expand(uri, message) + ">")
                        .collect(Collectors.joining(", ")));
                if (settings.listUnsubscribe().stream().anyMatch(uri -> uri.regionMatches(true, 0, "https:", 0, 6))) {
                    // RFC 8058: mailbox providers may then unsubscribe with one POST, without a visit.
                    mime.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
                }
            }
            mime.saveChanges();
            return mime;
        } catch (MessagingException e) {
            throw new UnwritableEmailException("The e-mail could not be written: " + e.getMessage());
        }
    }

    /** The Message-ID the e-mail carries, which is also its provider message id. */
    static String messageId(OutboundMessage message, InternetAddress from) {
        String address = from.getAddress();
        return "<" + message.messageId() + "@" + address.substring(address.lastIndexOf('@') + 1) + ">";
    }

    /**
     * The connection's sender, unless the group's {@code from} says otherwise: an address (optionally with a
     * name, {@code "Shop <news@shop.example>"}) replaces it, anything else is the display name.
     *
     * @param defaultName the display name when the group's {@code from} gives none: {@code fromName}, else the
     *                    account's default sender, else none
     */
    InternetAddress sender(String groupFrom, String defaultName) throws UnwritableEmailException {
        boolean given = groupFrom != null && !groupFrom.isBlank() && !groupFrom.equals(senders.herald());
        try {
            if (given && groupFrom.contains("@")) {
                InternetAddress address = new InternetAddress(groupFrom.strip(), true);
                String name = address.getPersonal() != null ? address.getPersonal() : defaultName;
                return new InternetAddress(address.getAddress(), name, UTF_8);
            }
            return new InternetAddress(settings.fromAddress(), given ? groupFrom.strip() : defaultName, UTF_8);
        } catch (AddressException e) {
            throw new UnwritableEmailException("from '" + groupFrom + "' is not an e-mail address: " + e.getMessage());
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException("UTF-8 is always supported", e);
        }
    }

    private static InternetAddress recipient(String address) throws UnwritableEmailException {
        try {
            return new InternetAddress(address, true);
        } catch (AddressException e) {
            throw new UnwritableEmailException("'" + address + "' is not an e-mail address: " + e.getMessage());
        }
    }

    private static void body(MimeMessage mime, String text, String html) throws MessagingException {
        boolean hasText = text != null && !text.isEmpty();
        boolean hasHtml = html != null && !html.isEmpty();
        if (hasText && hasHtml) {
            // Least preferred first (RFC 2046 §5.1.4): clients that can show HTML pick the last part.
            MimeMultipart alternative = new MimeMultipart("alternative");
            MimeBodyPart plain = new MimeBodyPart();
            plain.setText(text, UTF_8, "plain");
            MimeBodyPart rich = new MimeBodyPart();
            rich.setText(html, UTF_8, "html");
            alternative.addBodyPart(plain);
            alternative.addBodyPart(rich);
            mime.setContent(alternative);
        } else if (hasHtml) {
            mime.setText(html, UTF_8, "html");
        } else {
            mime.setText(hasText ? text : "", UTF_8, "plain");
        }
    }

    private static String withUnsubscribeUrl(String body, String url) {
        return body == null || url == null ? body : body.replace(UNSUBSCRIBE_PLACEHOLDER, url);
    }

    private static String expand(String uri, OutboundMessage message) {
        return uri.replace(SmtpSettings.EMAIL_PLACEHOLDER, encode(message.address()))
                .replace(SmtpSettings.MESSAGE_ID_PLACEHOLDER, encode(message.messageId().toString()));
    }

    /** Percent-encoding that is valid in both a mailto: and an https: URI (no {@code +} for spaces). */
    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A MIME message that keeps the Message-ID Herald gave it instead of inventing one on save. */
    private static final class IdentifiedMimeMessage extends MimeMessage {

        private final String messageId;

        IdentifiedMimeMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
