package dev.herald.channel.viber;

import dev.herald.channel.ConnectionLookup;
import dev.herald.channel.ProviderConnection;
import dev.herald.support.HmacSha256;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.PayloadTooLargeException;
import dev.herald.web.UnauthorizedException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Viber callbacks of one connection, signed with {@code X-Viber-Content-Signature}: the hex HMAC-SHA256
 * of the body keyed with the bot's auth token.
 */
@RestController
@Tag(name = "Webhooks", description = "Inbound delivery reports from providers.")
class ViberBotWebhook {

    static final String SIGNATURE = "X-Viber-Content-Signature";

    /** A callback is one event; with a long text and a location it stays far below this. */
    private static final int MAX_BODY = 256 * 1024;

    private final ConnectionLookup connections;
    private final ViberCallbacks callbacks;
    private final JsonMapper json;

    ViberBotWebhook(ConnectionLookup connections, ViberCallbacks callbacks, JsonMapper json) {
        this.connections = connections;
        this.callbacks = callbacks;
        this.json = json;
    }

    @PostMapping("/webhooks/viber-bot/{connectionId}")
    @Operation(summary = "Receive a Viber bot callback (delivered, seen, failed, message, unsubscribed, ...)")
    ResponseEntity<Void> receive(@PathVariable String connectionId,
                                 @RequestHeader(name = SIGNATURE, required = false) String signature,
                                 HttpServletRequest request) throws IOException {
        ProviderConnection connection = connections.forWebhook(connectionId, ViberBotType.TYPE);
        byte[] body = request.getInputStream().readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            throw new PayloadTooLargeException("A Viber callback may have at most " + MAX_BODY + " bytes");
        }
        if (!HmacSha256.matchesHex(connection.setting(ViberBotType.AUTH_TOKEN), body, signature)) {
            throw new UnauthorizedException(SIGNATURE + " must be the HMAC-SHA256 of the body keyed with the bot's auth token");
        }
        JsonNode callback;
        try {
            callback = json.readTree(body);
        } catch (JacksonException e) {
            throw new InvalidRequestException("body", "is not JSON");
        }
        callbacks.apply(connection, callback);
        return ResponseEntity.ok().build();
    }
}
