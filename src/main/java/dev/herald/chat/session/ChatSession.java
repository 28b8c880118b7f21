package dev.herald.chat.session;

import dev.herald.chat.MessengerType;
import dev.herald.chat.bot.ScenarioValidator;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One dialogue between a client and a bot (then perhaps an operator), as stored.
 *
 * @param variables        the client's answers so far, by the scenario's variable names
 * @param initialVariables the variables of the destination whose message started the session
 * @param results          {@code dialogResultsFromBotJson}: set when the bot's part is over, else null
 * @param messageId        the chat-channel message that started the session, null when the client wrote first
 */
record ChatSession(
        UUID id,
        UUID accountId,
        UUID chatId,
        UUID clientId,
        UUID botId,
        Integer botVersion,
        MessengerType messengerType,
        String name,
        SessionStatus status,
        String currentStep,
        Map<String, String> variables,
        List<NamedValue> initialVariables,
        Map<String, Object> results,
        UUID messageId,
        Instant createdAt,
        Instant lastActivityAt,
        Instant closedAt) {

    /** One of a session's initial variables, kept as a list as TWIN shows them. */
    record NamedValue(String name, String value) {}

    /** The session after something was said: its new state, active as of {@code now}. */
    ChatSession advance(SessionStatus status, String step, Map<String, String> variables, Map<String, Object> results,
                        Instant now) {
        return new ChatSession(id, accountId, chatId, clientId, botId, botVersion, messengerType, name, status, step,
                variables, initialVariables, results, messageId, createdAt, now, status.isOpen() ? null : now);
    }

    /** The session closed without a word: timed out, replaced, or closed by an operator. */
    ChatSession close(SessionStatus status, Instant now) {
        return new ChatSession(id, accountId, chatId, clientId, botId, botVersion, messengerType, name, status,
                currentStep, variables, initialVariables, results != null ? results : results(Map.of()), messageId,
                createdAt, lastActivityAt, now);
    }

    /**
     * {@code dialogResultsFromBotJson}: the answers by variable name, then the end step's result entries, then
     * {@code initialVariables}.
     */
    Map<String, Object> results(Map<String, Object> endResult) {
        Map<String, Object> results = new LinkedHashMap<>(variables);
        results.putAll(endResult);
        results.put(ScenarioValidator.INITIAL_VARIABLES, initialVariables);
        return results;
    }

    /** Values for {@code {{name}}} placeholders besides the answers: the initial variables. */
    Map<String, String> context() {
        Map<String, String> context = new LinkedHashMap<>();
        initialVariables.forEach(v -> context.put(v.name(), v.value()));
        return context;
    }

    ChatSession on(MessengerType messenger) {
        return new ChatSession(id, accountId, chatId, clientId, botId, botVersion, messenger, name, status,
                currentStep, variables, initialVariables, results, messageId, createdAt, lastActivityAt, closedAt);
    }
}
