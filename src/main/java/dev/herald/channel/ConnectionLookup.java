package dev.herald.channel;

import dev.herald.web.NotFoundException;
import java.util.Optional;
import java.util.UUID;

/**
 * Any account's provider connection by id, secrets decrypted: what adapters' webhooks need to check a call
 * that names its connection and proves who it is by the provider's signature. Kept by the {@code provider}
 * package, which adapters do not reach into.
 */
public interface ConnectionLookup {

    Optional<ProviderConnection> find(UUID id);

    /**
     * The connection a webhook path names ({@code /webhooks/<type>/<connection id>}), of that type; 404 for
     * anything else, so a caller cannot tell a malformed id from another type's connection.
     */
    default ProviderConnection forWebhook(String connectionId, String type) {
        Optional<ProviderConnection> connection;
        try {
            connection = find(UUID.fromString(connectionId));
        } catch (IllegalArgumentException notAnId) {
            connection = Optional.empty();
        }
        return connection.filter(c -> c.type().equals(type))
                .orElseThrow(() -> new NotFoundException("No " + type + " connection " + connectionId));
    }
}
