package dev.herald.channel.smtp;

import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/** Builds the Jakarta Mail sender of one connection: server, protection, credentials and timeouts. */
final class SmtpSenders {

    private SmtpSenders() {}

    static JavaMailSenderImpl create(SmtpSettings settings) {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost(settings.host());
        sender.setPort(settings.port());
        sender.setProtocol("smtp");
        sender.setUsername(settings.username());
        sender.setPassword(settings.password());
        sender.setDefaultEncoding(StandardCharsets.UTF_8.name());
        Properties properties = new Properties();
        String connectTimeout = String.valueOf(settings.connectTimeoutMs());
        String readTimeout = String.valueOf(settings.readTimeoutMs());
        properties.setProperty("mail.smtp.connectiontimeout", connectTimeout);
        properties.setProperty("mail.smtp.timeout", readTimeout);
        // Without a write timeout a server that stops reading would hold the sending thread for ever.
        properties.setProperty("mail.smtp.writetimeout", readTimeout);
        properties.setProperty("mail.smtp.auth", String.valueOf(settings.username() != null));
        switch (settings.security()) {
            case STARTTLS -> {
                properties.setProperty("mail.smtp.starttls.enable", "true");
                // Refuse to go on in clear text (and send the password) when the server offers no STARTTLS.
                properties.setProperty("mail.smtp.starttls.required", "true");
                properties.setProperty("mail.smtp.ssl.checkserveridentity", "true");
            }
            case TLS -> {
                properties.setProperty("mail.smtp.ssl.enable", "true");
                properties.setProperty("mail.smtp.ssl.checkserveridentity", "true");
            }
            case NONE -> { }
        }
        sender.setJavaMailProperties(properties);
        return sender;
    }
}
