package dev.herald.channel.vk;

import dev.herald.channel.ConnectionLookup;
import dev.herald.channel.DeliveryReport;
import dev.herald.channel.DeliveryReports;
import dev.herald.channel.ProviderConnection;
import dev.herald.support.HmacSha256;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.PayloadTooLargeException;
import dev.herald.web.UnauthorizedException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Status webhooks of the notification service: {@code POST /webhooks/vk-notify/{connectionId}} with
 * {@code {"id", "status": "delivered"|"undelivered"|"read", "errorCode", "errorText"}}, signed
 * {@code X-Signature: sha256=<hex HMAC-SHA256 of the body with the connection's webhookSecret>}. The signature
 * is checked before anything in the body is read. The same status twice changes nothing.
 */
@RestController
@Tag(name = "Webhooks", description = "Inbound delivery reports from providers.")
class VkNotifyWebhook {

    static final String SIGNATURE_HEADER = "X-Signature";
    private static final String SIGNATURE_PREFIX = "sha256=";
    private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final int MAX_BODY = 64 * 1024;
    private static final int MAX_ID = 200;
    private static final int MAX_ERROR_TEXT = 1_000;
    private static final Map<String, DeliveryReport.Outcome> OUTCOMES = Map.of(
            "delivered", DeliveryReport.Outcome.DELIVERED,
            "undelivered", DeliveryReport.Outcome.UNDELIVERED,
            "read", DeliveryReport.Outcome.READ);

    private final ConnectionLookup connections;
    private final DeliveryReports reports;
    private final JsonMapper json;

    VkNotifyWebhook(ConnectionLookup connections, DeliveryReports reports, JsonMapper json) {
        this.connections = connections;
        this.reports = reports;
        this.json = json;
    }

    @PostMapping("/webhooks/vk-notify/{connectionId}")
    @Operation(summary = "Receive a notification status from the VK / OK notification service")
    ResponseEntity<Void> status(@PathVariable String connectionId,
                                @RequestHeader(name = SIGNATURE_HEADER, required = false) String signature,
                                HttpServletRequest request) throws IOException {
        ProviderConnection connection = connections.forWebhook(connectionId, VkNotifyProviderType.TYPE);
        String secret = connection.setting("webhookSecret");
        if (secret == null || secret.isBlank()) {
            throw new UnauthorizedException("The connection has no webhookSecret, so it accepts no status webhooks");
        }
        // Read with a bound: anyone may call a webhook, and a status is a few hundred bytes.
        byte[] payload = request.getInputStream().readNBytes(MAX_BODY + 1);
        if (payload.length > MAX_BODY) {
            throw new PayloadTooLargeException("A status webhook body is at most " + MAX_BODY + " bytes");
        }
        if (!signed(signature, secret, payload)) {
            throw new UnauthorizedException("The webhook needs " + SIGNATURE_HEADER
                    + ": sha256=<hex HMAC-SHA256 of the body with the connection's webhookSecret>");
        }
        JsonNode event;
        try {
            event = json.readTree(payload);
        } catch (RuntimeException e) {
            throw new InvalidRequestException("body", "must be a JSON object");
        }
        String id = event.path("id").isValueNode() ? event.path("id").asString() : "";
        if (id.isBlank() || id.length() > MAX_ID) {
            throw new InvalidRequestException("id", "is required, at most " + MAX_ID + " characters");
        }
        String status = event.path("status").isString() ? event.path("status").asString() : "";
        DeliveryReport.Outcome outcome = OUTCOMES.get(status.toLowerCase(Locale.ROOT));
        if (outcome == null) {
            throw new InvalidRequestException("status", "must be one of delivered, undelivered, read");
        }
        reports.report(new DeliveryReport(connection.key(), id, outcome,
                text(event, "errorCode", MAX_ID), text(event, "errorText", MAX_ERROR_TEXT)));
        return ResponseEntity.noContent().build();
    }

    /** {@code sha256=<64 hex digits>} (either case) of the body's HMAC-SHA256 with the webhook secret. */
    private static boolean signed(String signature, String secret, byte[] payload) {
        if (signature == null) {
            return false;
        }
        String given = signature.strip();
        return given.regionMatches(true, 0, SIGNATURE_PREFIX, 0, SIGNATURE_PREFIX.length())
                && HEX_SHA256.matcher(given.substring(SIGNATURE_PREFIX.length())).matches()
                && HmacSha256.matchesHex(secret, payload, given.substring(SIGNATURE_PREFIX.length()));
    }

    private static String text(JsonNode event, String field, int max) {
        JsonNode value = event.path(field);
        if (!value.isValueNode() || value.isNull()) {
            return null;
        }
        String text = value.asString();
        return text.length() <= max ? text : text.substring(0, max);
    }
}
