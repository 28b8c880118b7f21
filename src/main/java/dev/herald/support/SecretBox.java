package dev.herald.support;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Encrypts secrets for storage (AES-256-GCM) under {@code herald.secret-key}, the Base64 of 32 random bytes
 * ({@code openssl rand -base64 32}). Each value is bound to a context string (e.g. the owning account), so
 * a sealed value copied to another row does not open. Sealed form: {@code v1.<key id>.<Base64 of nonce and
 * ciphertext>}; the key id is a fingerprint that tells a wrong key from a damaged value.
 *
 * <p>Without {@code herald.secret-key} a fixed development key is used and a warning is logged: anyone can
 * read such values, so production must set the key. Changing the key makes existing values unreadable.
 */
@Component
public class SecretBox {

    private static final Logger log = LoggerFactory.getLogger(SecretBox.class);
    private static final String VERSION = "v1";
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final String keyId;
    private final SecureRandom random = new SecureRandom();

    public SecretBox(@Value("${herald.secret-key:}") String base64Key) {
        byte[] raw;
        if (base64Key == null || base64Key.isBlank()) {
            log.warn("herald.secret-key is not set: secrets are stored under a public development key. "
                    + "Production must set it to the Base64 of 32 random bytes (openssl rand -base64 32).");
            raw = sha256("herald development key - not for production".getBytes(StandardCharsets.UTF_8));
        } else {
            raw = decodeKey(base64Key.strip());
        }
        this.key = new SecretKeySpec(raw, "AES");
        this.keyId = HexFormat.of().formatHex(sha256(raw), 0, 4);
    }

    /** Encrypts {@code plaintext}, bound to {@code context}. */
    public String seal(byte[] plaintext, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, context);
            byte[] sealed = ByteBuffer.allocate(NONCE_BYTES + plaintext.length + TAG_BITS / 8)
                    .put(nonce)
                    .put(cipher.doFinal(plaintext))
                    .array();
            return VERSION + "." + keyId + "." + Base64.getEncoder().encodeToString(sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * Decrypts a value from {@link #seal} with the same {@code context}.
     *
     * @throws IllegalStateException if the value was sealed under another key, for another context, or changed
     */
    public byte[] open(String sealed, String context) {
        String[] parts = sealed.split("\\.", 3);
        if (parts.length != 3 || !parts[0].equals(VERSION)) {
            throw new IllegalStateException("Not a sealed secret");
        }
        if (!parts[1].equals(keyId)) {
            throw new IllegalStateException("The secret was sealed under another herald.secret-key (key id "
                    + parts[1] + ", current " + keyId + ")");
        }
        byte[] bytes = Base64.getDecoder().decode(parts[2]);
        if (bytes.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new IllegalStateException("The sealed secret is truncated");
        }
        try {
            return cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(bytes, NONCE_BYTES), context)
                    .doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The sealed secret does not open: damaged, or sealed for another context");
        }
    }

    private Cipher cipher(int mode, byte[] nonce, String context) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    private static byte[] decodeKey(String base64Key) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64Key);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("herald.secret-key is not Base64; generate one with: openssl rand -base64 32");
        }
        if (raw.length != KEY_BYTES) {
            throw new IllegalStateException("herald.secret-key must be the Base64 of exactly 32 bytes, not "
                    + raw.length + "; generate one with: openssl rand -base64 32");
        }
        return raw;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }
}
