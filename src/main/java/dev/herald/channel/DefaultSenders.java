package dev.herald.channel;

import java.util.Optional;
import java.util.UUID;

/**
 * Who a message is from when nothing closer says: its group's {@code from} comes first, then the provider
 * connection's own default sender (SMPP {@code sourceAddr}, SMTP {@code fromName}), then the account's default
 * sender, then Herald's ({@code herald.default-sender}). Providers resolve it when they send, so a connection or
 * account changed after intake is what counts.
 */
public interface DefaultSenders {

    /** The account's own default sender, if it set one. */
    Optional<String> account(UUID accountId);

    /** Herald's configured default sender, {@code herald.default-sender}. */
    String herald();

    /** The account's default sender, else Herald's. */
    default String of(UUID accountId) {
        return account(accountId).orElseGet(this::herald);
    }

    /** The group's {@code from} when it gives one, else the first of {@code connectionDefault} and {@link #of}. */
    default String resolve(String groupFrom, String connectionDefault, UUID accountId) {
        if (groupFrom != null && !groupFrom.isBlank()) {
            return groupFrom.strip();
        }
        if (connectionDefault != null && !connectionDefault.isBlank()) {
            return connectionDefault.strip();
        }
        return of(accountId);
    }
}
