package dev.herald.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;

/**
 * What the console says instead of Herald's internal names: channels ("E-mail", not {@code email}), provider
 * types people recognise, statuses in words with what they mean, and each error code as a sentence saying what
 * to do. One place ({@code console/plain-language.properties}) for every page: templates reach it as
 * {@code ${plain}}, pages call it statically. An unknown key is shown as it is, never hidden.
 */
final class PlainLanguage {

    private static final Properties WORDS = load();
    static final PlainLanguage INSTANCE = new PlainLanguage();

    private PlainLanguage() {}

    /** "SMS", "E-mail", "Viber"... for a channel key in any case. */
    static String channel(String key) {
        return key == null ? "" : WORDS.getProperty("channel." + key.toUpperCase(Locale.ROOT), key);
    }

    /** "SMS centre (SMPP)"... for a provider type. */
    static String provider(String type) {
        return type == null ? "" : WORDS.getProperty("provider." + type.toLowerCase(Locale.ROOT), type);
    }

    private static final java.util.regex.Pattern PROPERTY_IN_BRACKETS =
            java.util.regex.Pattern.compile("\\s*\\(herald\\.[a-z0-9.-]+\\)");
    private static final java.util.regex.Pattern PROPERTY =
            java.util.regex.Pattern.compile("(the operator sets )?herald\\.[a-z0-9.-]+[a-z0-9]");

    /**
     * A message meant for the API, as the console shows it: configuration property names (which only the server's
     * operator can change) become "your Herald administrator allows it".
     */
    static String forPeople(String message) {
        if (message == null) {
            return null;
        }
        String bare = PROPERTY_IN_BRACKETS.matcher(message).replaceAll("");
        return PROPERTY.matcher(bare).replaceAll("your Herald administrator allows it");
    }

    /** What a provider type is and how to set it up, or empty. */
    static String providerHelp(String type) {
        return type == null ? "" : WORDS.getProperty("provider." + type.toLowerCase(Locale.ROOT) + ".help", "");
    }

    /** A status in a word or two: "Queued", "Not delivered". */
    static String status(String status) {
        return status == null ? "" : WORDS.getProperty("status." + status, status);
    }

    /** What a status means, or empty. */
    static String statusHelp(String status) {
        return status == null ? "" : WORDS.getProperty("status." + status + ".help", "");
    }

    /** What an error code means and what to do about it; a general sentence for codes without one. */
    static String error(String code) {
        if (code == null) {
            return "";
        }
        String exact = WORDS.getProperty("error." + code);
        if (exact != null) {
            return exact;
        }
        // Providers' own codes arrive prefixed (HTTP_503, WHATSAPP_131026, SMPP's STAT_UNDELIV...).
        return code.startsWith("HTTP_5") ? WORDS.getProperty("error.TRANSIENT_FAILURE")
                : WORDS.getProperty("error.DEFAULT");
    }

    // Instance forms of the above, for the templates (${plain.channelName(m.channel())}); enums too.

    public String channelName(Object key) {
        return channel(key == null ? null : key.toString());
    }

    public String providerName(Object type) {
        return provider(type == null ? null : type.toString());
    }

    public String statusName(Object status) {
        return status(status == null ? null : status.toString());
    }

    public String statusMeaning(Object status) {
        return statusHelp(status == null ? null : status.toString());
    }

    /** A status of one kind of thing ({@code run}: a workflow run), whose codes mean something else there. */
    public String statusName(Object status, String kind) {
        String key = kind == null || status == null ? null : kind + "." + status;
        return key != null && WORDS.containsKey("status." + key) ? status(key) : statusName(status);
    }

    public String statusMeaning(Object status, String kind) {
        String key = kind == null || status == null ? null : kind + "." + status;
        return key != null && WORDS.containsKey("status." + key) ? statusHelp(key) : statusMeaning(status);
    }

    public String errorMeaning(Object code) {
        return error(code == null ? null : code.toString());
    }

    private static Properties load() {
        Properties words = new Properties();
        try (InputStream in = PlainLanguage.class.getResourceAsStream("/console/plain-language.properties")) {
            words.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return words;
    }
}
