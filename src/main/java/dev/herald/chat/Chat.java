package dev.herald.chat;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A conversation endpoint of an account: the messengers clients reach it on and the bot that answers them
 * unless a message names another.
 */
public record Chat(UUID id, String name, UUID botId, List<Messenger> messengers, Instant createdAt, Instant updatedAt) {

    /**
     * How the chat reaches one messenger.
     *
     * @param provider {@code sandbox} for the built-in sandbox messenger, else the id of the provider connection
     */
    public record Messenger(MessengerType messengerType, String provider) {

        public static final String SANDBOX = "sandbox";

        @JsonIgnore
        public boolean isSandbox() {
            return SANDBOX.equals(provider);
        }

        /** The provider connection, unless this is the sandbox messenger. */
        public Optional<UUID> connectionId() {
            return isSandbox() ? Optional.empty() : Optional.of(UUID.fromString(provider));
        }
    }

    public Optional<Messenger> messenger(MessengerType type) {
        return messengers.stream().filter(m -> m.messengerType() == type).findFirst();
    }
}
