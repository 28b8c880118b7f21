package dev.herald.policy;

import dev.herald.web.PublicBaseUrl;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Links recipients open without an account: a message's unsubscribe link ({@code /u/<token>}) and a double
 * opt-in confirmation ({@code /u/confirm/<token>}). The token is the id it stands for and an HMAC of it under a
 * key derived from {@code herald.secret-key}, so nobody can make one for another message; it needs no storage.
 */
@Component
class SignedLinks {

    private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODE = Base64.getUrlDecoder();
    private static final int MAC_BYTES = 16;
    /** The length of a token: 16 id bytes and the MAC, Base64url. */
    static final int TOKEN_LENGTH = 43;

    private final byte[] key;
    private final PublicBaseUrl publicBaseUrl;

    SignedLinks(@Value("${herald.secret-key:}") String secretKey, PublicBaseUrl publicBaseUrl) {
        // Its own key, not the encryption key itself: a link must never help anyone with a stored secret.
        this.key = sha256(("herald-signed-links:" + (secretKey.isBlank() ? "development" : secretKey.strip()))
                .getBytes(StandardCharsets.UTF_8));
        this.publicBaseUrl = publicBaseUrl;
    }

    /** The unsubscribe URL of one message. */
    String unsubscribeUrl(UUID messageId) {
        return publicBaseUrl.resolve("/u/" + token("unsubscribe", messageId));
    }

    String confirmUrl(UUID confirmationId) {
        return publicBaseUrl.resolve("/u/confirm/" + token("confirm", confirmationId));
    }

    Optional<UUID> unsubscribeToken(String token) {
        return verify("unsubscribe", token);
    }

    Optional<UUID> confirmToken(String token) {
        return verify("confirm", token);
    }

    private String token(String purpose, UUID id) {
        byte[] idBytes = bytes(id);
        byte[] mac = mac(purpose, idBytes);
        byte[] token = new byte[idBytes.length + MAC_BYTES];
        System.arraycopy(idBytes, 0, token, 0, idBytes.length);
        System.arraycopy(mac, 0, token, idBytes.length, MAC_BYTES);
        return ENCODE.encodeToString(token);
    }

    private Optional<UUID> verify(String purpose, String token) {
        if (token == null || token.length() != TOKEN_LENGTH) {
            return Optional.empty();
        }
        byte[] raw;
        try {
            raw = DECODE.decode(token);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (raw.length != 16 + MAC_BYTES) {
            return Optional.empty();
        }
        byte[] idBytes = Arrays.copyOf(raw, 16);
        byte[] expected = Arrays.copyOf(mac(purpose, idBytes), MAC_BYTES);
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(raw, 16, raw.length))) {
            return Optional.empty();
        }
        ByteBuffer buffer = ByteBuffer.wrap(idBytes);
        return Optional.of(new UUID(buffer.getLong(), buffer.getLong()));
    }

    private byte[] mac(String purpose, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(purpose.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static byte[] bytes(UUID id) {
        return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
