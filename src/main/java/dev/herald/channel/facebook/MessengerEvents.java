package dev.herald.channel.facebook;

import dev.herald.channel.Channel;
import dev.herald.channel.DeliveryReport;
import dev.herald.channel.DeliveryReports;
import dev.herald.channel.InboundMessage;
import dev.herald.channel.ProviderConnection;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Applies a signature-checked Messenger webhook ({@code {"object": "page", "entry": [{"id", "messaging": [...]}]}}):
 * a user's {@code message} or {@code postback} opens their 24-hour window and is published as an
 * {@link InboundMessage}; {@code delivery} and {@code read} receipts become delivery reports of the messages they
 * cover. Idempotent, because Meta sends a webhook again until it gets 200.
 */
@Component
class MessengerEvents {

    private static final Logger log = LoggerFactory.getLogger(MessengerEvents.class);

    private final DeliveryReports reports;
    private final MessengerThreads threads;
    private final SentMessages sent;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Clock clock;

    MessengerEvents(DeliveryReports reports, MessengerThreads threads, SentMessages sent,
                    ApplicationEventPublisher events, TransactionTemplate tx, Clock clock) {
        this.reports = reports;
        this.threads = threads;
        this.sent = sent;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
    }

    void apply(ProviderConnection connection, JsonNode notification) {
        String pageId = connection.setting(FacebookMessengerType.PAGE_ID).strip();
        for (JsonNode entry : notification.path("entry")) {
            String entryPage = entry.path("id").asString("");
            if (!entryPage.isEmpty() && !entryPage.equals(pageId)) {
                // One Meta app may serve several Pages through one callback URL; ours is only this one.
                log.debug("Connection {} ignored a Messenger webhook for Page {}", connection.id(), entryPage);
                continue;
            }
            for (JsonNode event : entry.path("messaging")) {
                String psid = event.path("sender").path("id").asString("");
                if (psid.isEmpty() || psid.equals(pageId)) {
                    continue;
                }
                if (event.has("message")) {
                    message(connection, psid, event);
                } else if (event.has("postback")) {
                    postback(connection, psid, event);
                } else if (event.has("delivery")) {
                    delivery(connection, psid, event.path("delivery"));
                } else if (event.has("read")) {
                    read(connection, psid, event.path("read"));
                }
                // Other events (reactions, referrals, opt-ins, hand-overs) say nothing a chat or a status needs.
            }
        }
    }

    private void message(ProviderConnection connection, String psid, JsonNode event) {
        JsonNode message = event.path("message");
        if (message.path("is_echo").asBoolean(false)) {
            return; // The Page's own message, echoed back.
        }
        String text = message.path("text").asString(null);
        String payload = message.path("quick_reply").path("payload").asString(null);
        receive(connection, psid, event, text, payload, message.path("mid").asString(null));
    }

    /** A pressed postback button: its title is what the user saw, its payload what it stands for. */
    private void postback(ProviderConnection connection, String psid, JsonNode event) {
        JsonNode postback = event.path("postback");
        String mid = postback.path("mid").asString(null);
        receive(connection, psid, event, postback.path("title").asString(null), postback.path("payload").asString(null),
                mid != null ? mid : "postback:" + psid + ":" + event.path("timestamp").asString(""));
    }

    private void receive(ProviderConnection connection, String psid, JsonNode event, String text, String payload,
                         String id) {
        Instant at = sentAt(event);
        InboundMessage inbound = new InboundMessage(connection.accountId(), connection.key(), Channel.FACEBOOK, psid,
                null, text, payload, id, at);
        // In one transaction, so listeners that act after commit see the window already open.
        tx.executeWithoutResult(status -> {
            threads.userWrote(connection.accountId(), connection.id(), psid, at);
            events.publishEvent(inbound);
        });
    }

    private void delivery(ProviderConnection connection, String psid, JsonNode delivery) {
        List<String> mids = new ArrayList<>();
        delivery.path("mids").forEach(mid -> mids.add(mid.asString("")));
        List<String> delivered = new ArrayList<>(mids.isEmpty() ? List.of()
                : sent.delivered(connection.id(), psid, mids));
        if (delivery.has("watermark")) {
            delivered.addAll(sent.deliveredUpTo(connection.id(), psid, watermark(delivery)));
        }
        delivered.forEach(mid -> report(connection, mid, DeliveryReport.Outcome.DELIVERED));
    }

    private void read(ProviderConnection connection, String psid, JsonNode read) {
        if (read.has("watermark")) {
            sent.readUpTo(connection.id(), psid, watermark(read))
                    .forEach(mid -> report(connection, mid, DeliveryReport.Outcome.READ));
        }
    }

    private void report(ProviderConnection connection, String mid, DeliveryReport.Outcome outcome) {
        reports.report(new DeliveryReport(connection.key(), mid, outcome, null, null));
    }

    private static Instant watermark(JsonNode receipt) {
        return Instant.ofEpochMilli(receipt.path("watermark").asLong(0));
    }

    /** When the user sent it (milliseconds); never later than now, so a skewed timestamp cannot stretch the window. */
    private Instant sentAt(JsonNode event) {
        Instant now = clock.instant();
        long millis = event.path("timestamp").asLong(0);
        if (millis <= 0) {
            return now;
        }
        Instant at = Instant.ofEpochMilli(millis);
        return at.isAfter(now) ? now : at;
    }
}
