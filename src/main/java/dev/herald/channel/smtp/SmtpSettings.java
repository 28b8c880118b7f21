package dev.herald.channel.smtp;

import dev.herald.channel.ProviderConnection;
import dev.herald.channel.SettingField;
import dev.herald.web.FieldProblem;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The settings of an {@code smtp} connection, read from its string settings.
 *
 * @param listUnsubscribe the {@code List-Unsubscribe} URIs ({@code mailto:} or {@code https:}) with
 *                        {@code {email}} and {@code {messageId}} placeholders; empty for no header
 */
record SmtpSettings(
        String host,
        int port,
        Security security,
        String username,
        String password,
        String fromAddress,
        String fromName,
        String replyTo,
        List<String> listUnsubscribe,
        String defaultSubject,
        int connectTimeoutMs,
        int readTimeoutMs) {

    /** How the connection to the server is protected. */
    enum Security {
        /** Plain connection upgraded with STARTTLS, which the server must offer (port 587). */
        STARTTLS,
        /** TLS from the first byte, "SMTPS" (port 465). */
        TLS,
        /** No encryption: only for a relay on a trusted network. */
        NONE;

        String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Security parse(String value) {
            return Arrays.stream(values()).filter(s -> s.key().equalsIgnoreCase(value.strip())).findFirst()
                    .orElse(null);
        }
    }

    static final String EMAIL_PLACEHOLDER = "{email}";
    static final String MESSAGE_ID_PLACEHOLDER = "{messageId}";

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.\\-]*[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+]");
    private static final int MAX_TIMEOUT_MS = 300_000;

    static List<SettingField> fields() {
        return List.of(
                SettingField.required("host", "The SMTP server (your mail provider's submission host, e.g. smtp.example.com)."),
                SettingField.optional("port", "587", "The server's port: usually 587 with starttls, 465 with tls, 25 with none."),
                SettingField.optional("security", "starttls", "starttls (upgrade a plain connection; the server must offer it), "
                        + "tls (implicit TLS, SMTPS) or none (a trusted local relay only)."),
                SettingField.optional("username", null, "The SMTP login; leave empty for a relay that needs no AUTH."),
                SettingField.optionalSecret("password", "The SMTP password or the provider's app password / API key."),
                SettingField.required("fromAddress", "The sender address, e.g. news@shop.example; its domain names the Message-ID."),
                SettingField.optional("fromName", null, "The sender's display name; a message group's `from` overrides it."),
                SettingField.optional("replyTo", null, "Where replies go, if not to the sender address."),
                SettingField.optional("listUnsubscribe", null, "List-Unsubscribe URIs, comma-separated, mailto: or https: "
                        + "with {email} and {messageId} placeholders; an https one enables one-click unsubscribe (RFC 8058)."),
                SettingField.optional("defaultSubject", null, "The subject of messages whose group gives no `subject`."),
                SettingField.optional("connectTimeoutMs", "10000", "How long to wait for the server to accept a connection."),
                SettingField.optional("readTimeoutMs", "30000", "How long to wait for each answer of the server."));
    }

    /** Reads settings that {@link #validate} found usable. */
    static SmtpSettings of(ProviderConnection connection) {
        return new SmtpSettings(
                connection.setting("host").strip(),
                connection.intSetting("port", 587),
                Security.parse(orDefault(connection.setting("security"), "starttls")),
                blankToNull(connection.setting("username")),
                isBlank(connection.setting("password")) ? null : connection.setting("password"),
                connection.setting("fromAddress").strip(),
                blankToNull(connection.setting("fromName")),
                blankToNull(connection.setting("replyTo")),
                uris(connection.setting("listUnsubscribe")),
                blankToNull(connection.setting("defaultSubject")),
                connection.intSetting("connectTimeoutMs", 10_000),
                connection.intSetting("readTimeoutMs", 30_000));
    }

    static List<FieldProblem> validate(ProviderConnection connection) {
        List<FieldProblem> problems = new ArrayList<>();
        String host = connection.setting("host");
        if (host != null && !HOST.matcher(host.strip()).matches()) {
            problems.add(new FieldProblem("host", "must be a host name or IP address, without scheme or port"));
        }
        checkInt(problems, connection, "port", 1, 65_535);
        String security = connection.setting("security");
        if (security != null && !security.isBlank() && Security.parse(security) == null) {
            problems.add(new FieldProblem("security", "must be starttls, tls or none"));
        }
        boolean hasUser = !isBlank(connection.setting("username"));
        boolean hasPassword = !isBlank(connection.setting("password"));
        if (hasUser != hasPassword) {
            problems.add(new FieldProblem(hasUser ? "password" : "username", "is required when "
                    + (hasUser ? "username" : "password") + " is set"));
        }
        checkAddress(problems, "fromAddress", connection.setting("fromAddress"));
        checkAddress(problems, "replyTo", connection.setting("replyTo"));
        for (String uri : uris(connection.setting("listUnsubscribe"))) {
            String problem = unsubscribeProblem(uri);
            if (problem != null) {
                problems.add(new FieldProblem("listUnsubscribe", problem));
            }
        }
        checkInt(problems, connection, "connectTimeoutMs", 1, MAX_TIMEOUT_MS);
        checkInt(problems, connection, "readTimeoutMs", 1, MAX_TIMEOUT_MS);
        return problems;
    }

    private static String unsubscribeProblem(String uri) {
        String sample = uri.replace(EMAIL_PLACEHOLDER, "user%40example.com").replace(MESSAGE_ID_PLACEHOLDER, "id");
        URI parsed;
        try {
            parsed = new URI(sample);
        } catch (URISyntaxException e) {
            return "'" + uri + "' is not a URI: " + e.getReason();
        }
        if ("mailto".equalsIgnoreCase(parsed.getScheme())) {
            return parsed.getSchemeSpecificPart().contains("@") ? null : "'" + uri + "' must name an address after mailto:";
        }
        if ("https".equalsIgnoreCase(parsed.getScheme())) {
            return parsed.getHost() == null ? "'" + uri + "' must name a host" : null;
        }
        return "'" + uri + "' must be a mailto: or https: URI";
    }

    private static void checkAddress(List<FieldProblem> problems, String field, String value) {
        if (isBlank(value)) {
            return;
        }
        try {
            InternetAddress address = new InternetAddress(value.strip(), true);
            if (address.getPersonal() != null || !address.getAddress().contains("@")) {
                problems.add(new FieldProblem(field, "must be a bare e-mail address such as news@shop.example"));
            }
        } catch (AddressException e) {
            problems.add(new FieldProblem(field, "is not an e-mail address: " + e.getMessage()));
        }
    }

    private static void checkInt(List<FieldProblem> problems, ProviderConnection connection, String field, int min, int max) {
        String value = connection.setting(field);
        if (isBlank(value)) {
            return;
        }
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed < min || parsed > max) {
                problems.add(new FieldProblem(field, "must be between " + min + " and " + max));
            }
        } catch (NumberFormatException e) {
            problems.add(new FieldProblem(field, "must be a whole number"));
        }
    }

    private static List<String> uris(String value) {
        if (isBlank(value)) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static String orDefault(String value, String fallback) {
        return isBlank(value) ? fallback : value;
    }

    private static String blankToNull(String value) {
        return isBlank(value) ? null : value.strip();
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
