package dev.herald.channel;

import java.util.Map;
import java.util.UUID;

/**
 * An account's connection to a provider, secrets decrypted: what {@link ProviderType} adapters work from.
 *
 * @param settings every setting by {@link SettingField#name()}, secrets included, defaults filled in
 * @param version  grows with every change, so live providers can tell they are stale
 */
public record ProviderConnection(
        UUID id,
        UUID accountId,
        String name,
        String type,
        Channel channel,
        Map<String, String> settings,
        long version) {

    /** The setting every connection takes for its messages per second, all nodes together (0 or blank: none). */
    public static final String RATE_PER_SECOND = "ratePerSecond";
    /** The setting every connection takes for the least milliseconds between two messages to one recipient. */
    public static final String PER_RECIPIENT_INTERVAL_MS = "perRecipientIntervalMs";

    /** The provider name that messages of this connection record and its delivery reports use. */
    public String key() {
        return new ConnectionKey(id).toString();
    }

    public String setting(String name) {
        return settings.get(name);
    }

    public int intSetting(String name, int fallback) {
        String value = settings.get(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.strip());
    }

    public boolean boolSetting(String name, boolean fallback) {
        String value = settings.get(name);
        return value == null || value.isBlank() ? fallback : Boolean.parseBoolean(value.strip());
    }
}
