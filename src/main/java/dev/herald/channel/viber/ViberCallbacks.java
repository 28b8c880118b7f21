package dev.herald.channel.viber;

import dev.herald.channel.Channel;
import dev.herald.channel.DeliveryReport;
import dev.herald.channel.DeliveryReports;
import dev.herald.channel.InboundMessage;
import dev.herald.channel.ProviderConnection;
import dev.herald.channel.RecipientBlockedEvent;
import java.time.Clock;
import java.time.Instant;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Applies one signature-checked Viber callback: {@code delivered}, {@code seen} and {@code failed} become
 * delivery reports; {@code message} an {@link InboundMessage}; {@code unsubscribed} a
 * {@link RecipientBlockedEvent}, since the user has blocked the bot and every later send would fail with
 * status 6. Repeats change nothing (Viber retries a callback that did not get 200).
 */
@Component
class ViberCallbacks {

    private final DeliveryReports reports;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Clock clock;

    ViberCallbacks(DeliveryReports reports, ApplicationEventPublisher events, TransactionTemplate tx, Clock clock) {
        this.reports = reports;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
    }

    void apply(ProviderConnection connection, JsonNode callback) {
        String token = callback.path("message_token").asString("");
        switch (callback.path("event").asString("")) {
            case "delivered" -> report(connection, token, DeliveryReport.Outcome.DELIVERED, null, null);
            case "seen" -> report(connection, token, DeliveryReport.Outcome.READ, null, null);
            case "failed" -> report(connection, token, DeliveryReport.Outcome.UNDELIVERED, "VIBER_FAILED",
                    callback.path("desc").asString("failed"));
            case "message" -> receive(connection, callback);
            case "unsubscribed" -> unsubscribed(connection, callback.path("user_id").asString(""));
            // webhook (the check set_webhook makes), subscribed, conversation_started: nothing to record.
            default -> { }
        }
    }

    private void report(ProviderConnection connection, String token, DeliveryReport.Outcome outcome, String code,
                        String text) {
        if (!token.isEmpty()) {
            reports.report(new DeliveryReport(connection.key(), token, outcome, code, text));
        }
    }

    private void receive(ProviderConnection connection, JsonNode callback) {
        JsonNode sender = callback.path("sender");
        String from = sender.path("id").asString("");
        if (from.isEmpty()) {
            return;
        }
        JsonNode message = callback.path("message");
        String text = message.path("text").asString(null);
        InboundMessage inbound = new InboundMessage(connection.accountId(), connection.key(), Channel.VIBER, from,
                sender.path("name").asString(null), text, null, callback.path("message_token").asString(null),
                sentAt(callback));
        // In a transaction, so that listeners acting after commit hear of it.
        tx.executeWithoutResult(status -> events.publishEvent(inbound));
    }

    private void unsubscribed(ProviderConnection connection, String user) {
        if (user.isEmpty()) {
            return;
        }
        RecipientBlockedEvent blocked = new RecipientBlockedEvent(connection.accountId(), Channel.VIBER,
                connection.key(), user, "The user unsubscribed from the Viber bot");
        // Listeners of this event act after commit, as they do when a send finds the recipient blocked.
        tx.executeWithoutResult(status -> events.publishEvent(blocked));
    }

    /** Viber's timestamps are epoch milliseconds; never later than now. */
    private Instant sentAt(JsonNode callback) {
        Instant now = clock.instant();
        long millis = callback.path("timestamp").asLong(-1);
        if (millis < 0) {
            return now;
        }
        Instant at = Instant.ofEpochMilli(millis);
        return at.isAfter(now) ? now : at;
    }
}
