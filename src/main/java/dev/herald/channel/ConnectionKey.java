package dev.herald.channel;

import java.util.Optional;
import java.util.UUID;

/**
 * The provider name of an account's connection, {@code conn:<connection id>}: what messages routed through the
 * connection record as their provider, and what its delivery reports and inbound messages name. Other provider
 * names (the sandbox, HTTP gateways, the chat provider) are the operator's and never look like this.
 */
public record ConnectionKey(UUID connectionId) {

    private static final String PREFIX = "conn:";

    public ConnectionKey {
        if (connectionId == null) {
            throw new IllegalArgumentException("A connection key needs a connection id");
        }
    }

    /** The connection a provider name stands for; empty for operator providers, blanks and malformed ids. */
    public static Optional<ConnectionKey> parse(String providerName) {
        if (providerName == null || !providerName.startsWith(PREFIX)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ConnectionKey(UUID.fromString(providerName.substring(PREFIX.length()))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The provider name, as stored on messages. */
    @Override
    public String toString() {
        return PREFIX + connectionId;
    }
}
