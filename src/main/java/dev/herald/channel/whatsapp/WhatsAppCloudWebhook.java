package dev.herald.channel.whatsapp;

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
 * The Cloud API webhook of one connection: {@code GET} answers Meta's subscription handshake, {@code POST}
 * takes message statuses and user messages signed with the app secret ({@code X-Hub-Signature-256}).
 */
@RestController
@Tag(name = "Webhooks", description = "Inbound delivery reports from providers.")
class WhatsAppCloudWebhook {

    private final ConnectionLookup connections;
    private final CloudNotifications notifications;
    private final JsonMapper json;

    WhatsAppCloudWebhook(ConnectionLookup connections, CloudNotifications notifications, JsonMapper json) {
        this.connections = connections;
        this.notifications = notifications;
        this.json = json;
    }

    @GetMapping("/webhooks/whatsapp-cloud/{connectionId}")
    @Operation(summary = "Answer Meta's webhook verification request for a WhatsApp Cloud API connection")
    ResponseEntity<String> verify(@PathVariable String connectionId,
                                  @RequestParam(name = "hub.mode", required = false) String mode,
                                  @RequestParam(name = "hub.verify_token", required = false) String verifyToken,
                                  @RequestParam(name = "hub.challenge", required = false) String challenge) {
        ProviderConnection connection = connections.forWebhook(connectionId, WhatsAppCloudType.TYPE);
        return MetaWebhook.verify(connection.setting(WhatsAppCloudType.VERIFY_TOKEN), mode, verifyToken, challenge);
    }

    @PostMapping("/webhooks/whatsapp-cloud/{connectionId}")
    @Operation(summary = "Receive message statuses and user messages for a WhatsApp Cloud API connection")
    ResponseEntity<Void> receive(@PathVariable String connectionId,
                                 @RequestHeader(name = MetaWebhook.SIGNATURE, required = false) String signature,
                                 HttpServletRequest request) throws IOException {
        ProviderConnection connection = connections.forWebhook(connectionId, WhatsAppCloudType.TYPE);
        JsonNode notification = MetaWebhook.read(request, signature, connection.setting(WhatsAppCloudType.APP_SECRET), json);
        notifications.apply(connection, notification);
        return ResponseEntity.ok().build();
    }
}
