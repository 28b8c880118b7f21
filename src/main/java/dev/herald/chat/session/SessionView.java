package dev.herald.chat.session;

import dev.herald.chat.MessengerType;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A chat session as the API and the statistics show it.
 *
 * @param dialogResultsFromBotJson the answers by variable name, the end step's result entries and
 *                                 {@code initialVariables}; null while the bot is still talking
 * @param messageId                the chat-channel message that started the session (null if the client wrote first)
 */
public record SessionView(
        UUID id,
        String name,
        UUID clientId,
        String clientAddress,
        MessengerType messengerType,
        Map<String, Object> dialogResultsFromBotJson,
        UUID chatId,
        UUID botId,
        Integer botVersion,
        SessionStatus status,
        String currentStep,
        Map<String, String> variables,
        UUID messageId,
        Instant createdAt,
        Instant lastActivityAt,
        Instant closedAt) {

    static SessionView of(ChatSession s, String clientAddress) {
        return new SessionView(s.id(), s.name(), s.clientId(), clientAddress, s.messengerType(), s.results(), s.chatId(),
                s.botId(), s.botVersion(), s.status(), s.currentStep(), s.variables(), s.messageId(), s.createdAt(),
                s.lastActivityAt(), s.closedAt());
    }
}
