package dev.herald.channel;

import dev.herald.web.FieldProblem;
import java.util.List;
import java.util.Set;

/**
 * A kind of provider an account can connect through {@code /api/v1/providers} (SMPP, SMTP, Telegram, ...).
 * Each adapter package contributes one bean. A connection's settings are plain strings, so the API and the
 * console can show one form for every type; fields marked {@link SettingField#secret()} are encrypted at rest
 * and never returned.
 */
public interface ProviderType {

    /** The {@code type} of a connection, lower case: {@code smpp}, {@code smtp}, {@code telegram}, ... */
    String type();

    /** The channels a connection of this type can deliver; a connection serves exactly one of them. */
    Set<Channel> channels();

    /** The settings a connection of this type takes, secrets included, in the order a form shows them. */
    List<SettingField> fields();

    /**
     * Checks a connection's settings beyond {@link SettingField#required()} (formats, ranges), naming each
     * problem by its setting name; empty when usable. Must not do network I/O.
     */
    default List<FieldProblem> validate(ProviderConnection connection) {
        return List.of();
    }

    /**
     * Opens a live provider for a connection. Called again after the connection changes; the previous one is
     * then closed if it is {@link AutoCloseable}. The provider's {@link ChannelProvider#name()} must be
     * {@link ProviderConnection#key()}, which is what messages record and delivery reports name.
     */
    ChannelProvider open(ProviderConnection connection);

    /** Proves the settings work against the real service (SMPP bind, SMTP EHLO + AUTH, Telegram getMe). */
    ConnectionCheck test(ProviderConnection connection);
}
