package dev.herald.channel.whatsapp;

import dev.herald.channel.Channel;
import dev.herald.channel.DeliveryReport;
import dev.herald.channel.DeliveryReports;
import dev.herald.channel.InboundMessage;
import dev.herald.channel.ProviderConnection;
import dev.herald.channel.TemplateReviewed;
import dev.herald.channel.TemplateReviewer;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Applies a signature-checked Cloud API webhook: {@code statuses[]} become delivery reports, {@code messages[]}
 * open the user's 24-hour window and are published as {@link InboundMessage}s. Everything here is idempotent,
 * because Meta sends a webhook again until it gets 200.
 */
@Component
class CloudNotifications {

    private static final Logger log = LoggerFactory.getLogger(CloudNotifications.class);

    private final DeliveryReports reports;
    private final CustomerServiceWindows windows;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Clock clock;

    CloudNotifications(DeliveryReports reports, CustomerServiceWindows windows, ApplicationEventPublisher events,
                       TransactionTemplate tx, Clock clock) {
        this.reports = reports;
        this.windows = windows;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
    }

    void apply(ProviderConnection connection, JsonNode notification) {
        String phoneNumberId = connection.setting(WhatsAppCloudType.PHONE_NUMBER_ID).strip();
        for (JsonNode entry : notification.path("entry")) {
            for (JsonNode change : entry.path("changes")) {
                JsonNode value = change.path("value");
                if ("message_template_status_update".equals(change.path("field").asString(""))) {
                    templateReviewed(connection, entry.path("id").asString(""), value);
                    continue;
                }
                if (!"messages".equals(change.path("field").asString(""))) {
                    continue;
                }
                String number = value.path("metadata").path("phone_number_id").asString("");
                if (!number.isEmpty() && !number.equals(phoneNumberId)) {
                    // One Meta app may serve several numbers through one callback URL; ours is only this one.
                    log.debug("Connection {} ignored a WhatsApp webhook for phone number id {}", connection.id(), number);
                    continue;
                }
                value.path("statuses").forEach(status -> report(connection, status));
                value.path("messages").forEach(message -> receive(connection, value, message));
            }
        }
    }

    /**
     * Meta's decision on a template ({@code event}: APPROVED, REJECTED with {@code reason}, PAUSED, DISABLED, ...),
     * for the account's templates submitted under that id through this connection.
     */
    private void templateReviewed(ProviderConnection connection, String wabaId, JsonNode value) {
        String own = WhatsAppCloudType.setting(connection, WhatsAppCloudType.WABA_ID, null);
        if (own != null && !wabaId.isEmpty() && !wabaId.equals(own)) {
            log.debug("Connection {} ignored a template status of WhatsApp Business Account {}", connection.id(), wabaId);
            return;
        }
        String id = value.path("message_template_id").asString("");
        String event = value.path("event").asString("");
        if (id.isEmpty() || event.isEmpty()) {
            return;
        }
        String reason = value.path("reason").asString("");
        String details = value.path("other_info").path("description").asString("");
        String said = reason.isBlank() || reason.equals("NONE") ? details
                : details.isBlank() ? reason : reason + ": " + details;
        TemplateReviewer.Review review = MessageTemplateReviewer.review(id, event, said.isBlank() ? null : said);
        events.publishEvent(new TemplateReviewed(connection.accountId(), connection.id(), id,
                value.path("message_template_name").asString(null), value.path("message_template_language").asString(null),
                review.status(), review.reason()));
    }

    private void report(ProviderConnection connection, JsonNode status) {
        String id = status.path("id").asString("");
        if (id.isEmpty()) {
            return;
        }
        switch (status.path("status").asString("")) {
            case "delivered" -> reports.report(new DeliveryReport(connection.key(), id, DeliveryReport.Outcome.DELIVERED, null, null));
            case "read" -> reports.report(new DeliveryReport(connection.key(), id, DeliveryReport.Outcome.READ, null, null));
            case "failed" -> {
                JsonNode error = status.path("errors").path(0);
                String code = error.has("code") ? "WHATSAPP_" + error.path("code").asString() : "WHATSAPP_FAILED";
                String details = error.path("error_data").path("details").asString("");
                String text = error.path("title").asString(error.path("message").asString("failed"))
                        + (details.isBlank() ? "" : ": " + details);
                reports.report(new DeliveryReport(connection.key(), id, DeliveryReport.Outcome.UNDELIVERED, code, text));
            }
            // "sent" is what acceptance already recorded; other kinds (deleted, warning) say nothing about delivery.
            default -> { }
        }
    }

    private void receive(ProviderConnection connection, JsonNode value, JsonNode message) {
        String from = message.path("from").asString("");
        if (from.isEmpty()) {
            return;
        }
        Instant at = sentAt(message);
        InboundMessage inbound = new InboundMessage(connection.accountId(), connection.key(), Channel.WHATSAPP, from,
                senderName(value, from), text(message), payload(message), message.path("id").asString(null), at);
        // In one transaction, so listeners that act after commit see the window already open.
        tx.executeWithoutResult(status -> {
            windows.userWrote(connection.accountId(), connection.id(), from, at);
            events.publishEvent(inbound);
        });
    }

    /** When the user sent it; never later than now, so a skewed timestamp cannot stretch the window. */
    private Instant sentAt(JsonNode message) {
        Instant now = clock.instant();
        try {
            Instant at = Instant.ofEpochSecond(Long.parseLong(message.path("timestamp").asString("")));
            return at.isAfter(now) ? now : at;
        } catch (NumberFormatException missing) {
            return now;
        }
    }

    private static String senderName(JsonNode value, String from) {
        JsonNode fallback = null;
        for (JsonNode contact : value.path("contacts")) {
            if (from.equals(contact.path("wa_id").asString(""))) {
                return contact.path("profile").path("name").asString(null);
            }
            fallback = fallback == null ? contact : fallback;
        }
        return fallback == null ? null : fallback.path("profile").path("name").asString(null);
    }

    /** The words the user sent: a text, a pressed button's label, a chosen reply's title or a media caption. */
    private static String text(JsonNode message) {
        String type = message.path("type").asString("");
        JsonNode interactive = message.path("interactive");
        return switch (type) {
            case "text" -> message.path("text").path("body").asString(null);
            case "button" -> message.path("button").path("text").asString(null);
            case "interactive" -> interactive.path(interactive.path("type").asString("")).path("title").asString(null);
            default -> message.path(type).path("caption").asString(null);
        };
    }

    /** A quick-reply button's payload, or the id of an interactive button or list reply. */
    private static String payload(JsonNode message) {
        JsonNode interactive = message.path("interactive");
        return switch (message.path("type").asString("")) {
            case "button" -> message.path("button").path("payload").asString(null);
            case "interactive" -> interactive.path(interactive.path("type").asString("")).path("id").asString(null);
            default -> null;
        };
    }
}
