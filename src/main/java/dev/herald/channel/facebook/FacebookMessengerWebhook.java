package dev.herald.channel.facebook;

import dev.herald.channel.ConnectionLookup;
import dev.herald.channel.MetaWebhook;
import dev.herald.channel.ProviderConnection;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Messenger webhook of one Facebook Page connection: {@code GET} answers Meta's subscription handshake,
 * {@code POST} takes users' messages, postbacks and receipts signed with the app secret ({@code X-Hub-Signature-256}).
 */
@RestController
@Tag(name = "Webhooks", description = "Inbound delivery reports from providers.")
class FacebookMessengerWebhook {

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
        return MetaWebhook.verify(connection.setting(FacebookMessengerType.VERIFY_TOKEN), mode, verifyToken, challenge);
    }

    @PostMapping("/webhooks/facebook-messenger/{connectionId}")
    @Operation(summary = "Receive users' messages, postbacks and receipts for a Facebook Messenger connection")
    ResponseEntity<Void> receive(@PathVariable String connectionId,
                                 @RequestHeader(name = MetaWebhook.SIGNATURE, required = false) String signature,
                                 HttpServletRequest request) throws IOException {
        ProviderConnection connection = connections.forWebhook(connectionId, FacebookMessengerType.TYPE);
        JsonNode notification = MetaWebhook.read(request, signature, connection.setting(FacebookMessengerType.APP_SECRET), json);
        if (!"page".equals(notification.path("object").asString(""))) {
            // Instagram or other objects of the same app: not this Page's Messenger.
            return ResponseEntity.ok().build();
        }
        events.apply(connection, notification);
        return ResponseEntity.ok().build();
    }
}
