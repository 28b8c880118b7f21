package dev.herald.channel;

/**
 * One setting of a {@link ProviderType}.
 *
 * @param name         the key in {@code settings}, camelCase ({@code host}, {@code systemId}, {@code botToken})
 * @param secret       encrypted at rest, write-only through the API (shown masked)
 * @param defaultValue used when the connection does not set it; null for none
 * @param help         one sentence: what it is and where the user finds it
 */
public record SettingField(String name, boolean required, boolean secret, String defaultValue, String help) {

    public static SettingField required(String name, String help) {
        return new SettingField(name, true, false, null, help);
    }

    public static SettingField optional(String name, String defaultValue, String help) {
        return new SettingField(name, false, false, defaultValue, help);
    }

    public static SettingField secret(String name, String help) {
        return new SettingField(name, true, true, null, help);
    }

    public static SettingField optionalSecret(String name, String help) {
        return new SettingField(name, false, true, null, help);
    }
}
