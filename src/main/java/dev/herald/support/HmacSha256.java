package dev.herald.support;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 as providers sign their webhooks with it: keyed with a secret's UTF-8 bytes, over the raw body. */
public final class HmacSha256 {

    private HmacSha256() {}

    /**
     * Whether {@code hex} (either case) is the HMAC of {@code data}; compared in constant time, so a forger
     * cannot learn the signature byte by byte from response times.
     */
    public static boolean matchesHex(String secret, byte[] data, String hex) {
        if (secret == null || secret.isEmpty() || hex == null) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(hex.strip());
        } catch (IllegalArgumentException notHex) {
            return false;
        }
        return MessageDigest.isEqual(mac(secret, data), given);
    }

    private static byte[] mac(String secret, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(data);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
