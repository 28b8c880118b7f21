package dev.herald.channel.facebook;

import dev.herald.channel.ConnectionLookup;
import dev.herald.channel.ProviderConnection;
import dev.herald.support.ConstantTime;
import dev.herald.support.HmacSha256;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.PayloadTooLargeException;
import dev.herald.web.UnauthorizedException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Messenger webhook of one Facebook Page connection: {@code GET} answers Meta's subscription handshake,
 * {@code POST} takes users' messages, postbacks and receipts signed with the app secret ({@code X-Hub-Signature-256}).
 */
@RestController
@Tag(name = "Webhooks", description = "Inbound delivery reports from providers.")
class FacebookMessengerWebhook {

    static final String SIGNATURE = "X-Hub-Signature-256";

    /** Meta batches events per POST; their bodies stay well below this. */
    private static final int MAX_BODY = 4 * 1024 * 1024;
    private static final int MAX_CHALLENGE = 1000;

    private final ConnectionLookup connections;
    private final MessengerEvents events;
    private final JsonMapper json;

    FacebookMessengerWebhook(ConnectionLookup connections, MessengerEvents events, JsonMapper json) {
        this.connections = connections;
        this.events = events;
        this.json = json;
    }

    @GetMapping("/webhooks/facebook-messenger/{connectionId}")
    @Operation(summary = "Answer Meta's webhook verification request for a Facebook Messenger connection")
    ResponseEntity<String> verify(@PathVariable String connectionId,
                                  @RequestParam(name = "hub.mode", required = false) String mode,
                                  @RequestParam(name = "hub.verify_token", required = false) String verifyToken,
                                  @RequestParam(name = "hub.challenge", required = false) String challenge) {
        ProviderConnection connection = connections.forWebhook(connectionId, FacebookMessengerType.TYPE);
        String expected = connection.setting(FacebookMessengerType.VERIFY_TOKEN);
        if (!"subscribe".equals(mode) || verifyToken == null || expected == null
                || !ConstantTime.equals(verifyToken, expected)) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN).contentType(MediaType.TEXT_PLAIN)
                    .body("hub.verify_token does not match the connection's verifyToken");
        }
        if (challenge == null || challenge.length() > MAX_CHALLENGE) {
            throw new InvalidRequestException("hub.challenge", "is required, at most " + MAX_CHALLENGE + " characters");
        }
        return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(challenge);
    }

    @PostMapping("/webhooks/facebook-messenger/{connectionId}")
    @Operation(summary = "Receive users' messages, postbacks and receipts for a Facebook Messenger connection")
    ResponseEntity<Void> receive(@PathVariable String connectionId,
                                 @RequestHeader(name = SIGNATURE, required = false) String signature,
                                 HttpServletRequest request) throws IOException {
        ProviderConnection connection = connections.forWebhook(connectionId, FacebookMessengerType.TYPE);
        byte[] body = request.getInputStream().readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            throw new PayloadTooLargeException("A webhook body may have at most " + MAX_BODY + " bytes");
        }
        if (signature == null || !signature.startsWith("sha256=")
                || !HmacSha256.matchesHex(connection.setting(FacebookMessengerType.APP_SECRET), body, signature.substring(7))) {
            throw new UnauthorizedException(SIGNATURE + " must be sha256=<HMAC-SHA256 of the body keyed with the app secret>");
        }
        JsonNode notification;
        try {
            notification = json.readTree(body);
        } catch (JacksonException e) {
            throw new InvalidRequestException("body", "is not JSON");
        }
        if (!"page".equals(notification.path("object").asString(""))) {
            // Instagram or other objects of the same app: not this Page's Messenger.
            return ResponseEntity.ok().build();
        }
        events.apply(connection, notification);
        return ResponseEntity.ok().build();
    }
}
