package dev.herald.channel;

import java.time.Instant;
import java.util.UUID;

/**
 * A user started or stopped receiving a messenger connection's messages: pressed Start in a Telegram bot, or
 * blocked it. Published as an application event by the adapter whose webhook received it, after the
 * webhook's secret was checked; the contacts keep each subscriber's address as a token of that connection.
 * Listeners run before the webhook is answered, so a failure makes the messenger send the update again.
 *
 * @param address   the user's address on the messenger, as sends to them use it (a Telegram chat id)
 * @param reference what the user arrived with, e.g. the payload of a {@code t.me/<bot>?start=<payload>} link
 *                  (businesses put their customer id there); null when none
 */
public record SubscriptionChanged(
        UUID accountId,
        UUID connectionId,
        Channel channel,
        String address,
        Change change,
        String reference,
        String firstName,
        String lastName,
        Instant at) {

    public enum Change { SUBSCRIBED, UNSUBSCRIBED }
}
