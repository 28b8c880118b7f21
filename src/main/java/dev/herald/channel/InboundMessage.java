package dev.herald.channel;

import java.time.Instant;
import java.util.UUID;

/**
 * A message a user sent to one of the account's messenger connections (a Telegram update, a WhatsApp
 * webhook, the sandbox messenger). Published as an application event by the adapter that received it, after
 * the webhook's signature was checked; the chat sessions route it to the user's open session.
 *
 * @param provider     the connection's {@link ProviderConnection#key()}, or {@code sandbox}
 * @param from         the user's address on that messenger (chat id, phone number), as sends to them use it
 * @param providerId   the messenger's id of the inbound message, for de-duplicating webhook retries
 * @param payload      a pressed button's payload; for a start, the deep link's parameter; else null
 * @param start        the user asked to start the conversation (Telegram's {@code /start}): a chat opens the
 *                     dialogue, or continues the open one, and does not take the message as an answer
 */
public record InboundMessage(
        UUID accountId,
        String provider,
        Channel channel,
        String from,
        String fromName,
        String text,
        String payload,
        String providerId,
        Instant at,
        boolean start) {

    /** A message the user wrote (not a start). */
    public InboundMessage(UUID accountId, String provider, Channel channel, String from, String fromName, String text,
                          String payload, String providerId, Instant at) {
        this(accountId, provider, channel, from, fromName, text, payload, providerId, at, false);
    }
}
