package dev.herald.channel.webpush;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Makes VAPID key pairs for {@code webpush} connections, so users need no extra tool. Herald keeps nothing:
 * the private key is shown once, in this answer, and stored only when the user puts it into a connection.
 */
@RestController
@Tag(name = "Providers", description = "Provider connections of the account.")
class VapidKeyController {

    /** A fresh pair, both halves base64url as web-push tools write them. */
    record VapidKeyPair(String publicKey, String privateKey) {}

    @PostMapping("/api/v1/providers/webpush/vapid-keys")
    @Operation(summary = "Generate a VAPID key pair for Web Push",
            description = "A new P-256 key pair: publicKey is the applicationServerKey your site subscribes "
                    + "browsers with and the connection's vapidPublicKey; privateKey is its vapidPrivateKey. "
                    + "Herald does not keep them.")
    ResponseEntity<VapidKeyPair> generate() {
        VapidKeys keys = VapidKeys.generate();
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .body(new VapidKeyPair(keys.publicKeyText(), keys.privateKeyText()));
    }
}
