package dev.herald.channel.webpush;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Base64;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A browser's push subscription, as {@code JSON.stringify(pushSubscription)} gives it:
 * {@code {"endpoint": "https://...", "keys": {"p256dh": "...", "auth": "..."}}} ({@code expirationTime} is
 * ignored). It is the address of a Web Push message: the destination's {@code messengerUserId}.
 *
 * @param p256dh the browser's P-256 public key, base64url of the 65-byte uncompressed point
 * @param auth   the 16-byte authentication secret, base64url
 */
record Subscription(URI endpoint, String p256dh, String auth) {

    /** The address is not a usable subscription; the message says what is wrong. */
    static final class InvalidSubscriptionException extends RuntimeException {
        InvalidSubscriptionException(String message) {
            super(message);
        }
    }

    static Subscription parse(String address, JsonMapper json) {
        if (address == null || address.isBlank()) {
            throw new InvalidSubscriptionException("no push subscription to send to");
        }
        JsonNode root;
        try {
            root = json.readTree(address);
        } catch (JacksonException e) {
            throw new InvalidSubscriptionException("the address is not the JSON of a push subscription");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidSubscriptionException("the address is not the JSON of a push subscription");
        }
        URI endpoint = endpoint(root.path("endpoint").asString(""));
        String p256dh = root.path("keys").path("p256dh").asString("");
        String auth = root.path("keys").path("auth").asString("");
        byte[] publicKey = base64url(p256dh, "keys.p256dh");
        if (publicKey.length != 65 || publicKey[0] != 0x04) {
            throw new InvalidSubscriptionException("keys.p256dh must be an uncompressed P-256 public key (65 bytes)");
        }
        if (base64url(auth, "keys.auth").length != 16) {
            throw new InvalidSubscriptionException("keys.auth must be 16 bytes");
        }
        return new Subscription(endpoint, p256dh, auth);
    }

    private static URI endpoint(String text) {
        if (text.isBlank()) {
            throw new InvalidSubscriptionException("endpoint is required");
        }
        try {
            URI uri = new URI(text);
            if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new InvalidSubscriptionException("endpoint must be an absolute https URL");
    }

    private static byte[] base64url(String text, String field) {
        if (text.isBlank()) {
            throw new InvalidSubscriptionException(field + " is required");
        }
        try {
            return Base64.getUrlDecoder().decode(text.strip().replace("=", ""));
        } catch (IllegalArgumentException e) {
            throw new InvalidSubscriptionException(field + " is not base64url");
        }
    }
}
