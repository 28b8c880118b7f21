package dev.herald.channel.webpush;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The receiving side of Web Push, written from RFC 8291 independently of the library Herald sends with: a
 * browser's subscription keys, and the decryption a browser does of an aes128gcm push message.
 */
final class Browser {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final KeyPair keys;
    private final byte[] authSecret = new byte[16];

    Browser() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            this.keys = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        new SecureRandom().nextBytes(authSecret);
    }

    /** {@code JSON.stringify(pushSubscription)} for a subscription at {@code endpoint}. */
    String subscription(String endpoint) {
        return "{\"endpoint\":\"" + endpoint + "\",\"expirationTime\":null,\"keys\":{\"p256dh\":\""
                + BASE64URL.encodeToString(publicKey()) + "\",\"auth\":\"" + BASE64URL.encodeToString(authSecret) + "\"}}";
    }

    /** Decrypts an aes128gcm body (RFC 8188 header, RFC 8291 keys) as the browser's push service worker gets it. */
    String decrypt(byte[] body) throws GeneralSecurityException {
        ByteBuffer in = ByteBuffer.wrap(body);
        byte[] salt = new byte[16];
        in.get(salt);
        int recordSize = in.getInt();
        byte[] senderPublic = new byte[in.get() & 0xff];
        in.get(senderPublic);
        byte[] ciphertext = new byte[in.remaining()];
        in.get(ciphertext);
        if (ciphertext.length > recordSize) {
            throw new GeneralSecurityException("more than one record: " + ciphertext.length + " > " + recordSize);
        }

        KeyAgreement ecdh = KeyAgreement.getInstance("ECDH");
        ecdh.init(keys.getPrivate());
        ecdh.doPhase(publicKeyOf(senderPublic), true);
        byte[] ecdhSecret = ecdh.generateSecret();

        byte[] keyInfo = concat("WebPush: info".getBytes(StandardCharsets.US_ASCII), new byte[] {0}, publicKey(), senderPublic);
        byte[] ikm = hkdf(authSecret, ecdhSecret, keyInfo, 32);
        byte[] cek = hkdf(salt, ikm, concat("Content-Encoding: aes128gcm".getBytes(StandardCharsets.US_ASCII), new byte[] {0}), 16);
        byte[] nonce = hkdf(salt, ikm, concat("Content-Encoding: nonce".getBytes(StandardCharsets.US_ASCII), new byte[] {0}), 12);

        Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
        aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
        byte[] padded = aes.doFinal(ciphertext);
        int end = padded.length - 1;
        while (end >= 0 && padded[end] == 0) {
            end--;
        }
        if (end < 0 || padded[end] != 2) {
            throw new GeneralSecurityException("the last record must end with the 0x02 delimiter");
        }
        return new String(padded, 0, end, StandardCharsets.UTF_8);
    }

    byte[] publicKey() {
        return VapidKeys.uncompressed((ECPublicKey) keys.getPublic());
    }

    /** HKDF-SHA-256 (RFC 5869) for outputs of at most one block. */
    private static byte[] hkdf(byte[] salt, byte[] ikm, byte[] info, int length) throws GeneralSecurityException {
        byte[] prk = hmac(salt, ikm);
        return Arrays.copyOf(hmac(prk, concat(info, new byte[] {1})), length);
    }

    private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    private static ECPublicKey publicKeyOf(byte[] uncompressed) throws GeneralSecurityException {
        // X.509 SubjectPublicKeyInfo for a P-256 key is a fixed 26-byte prefix and the 65-byte point.
        byte[] prefix = Base64.getDecoder().decode("MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgA=");
        return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(concat(prefix, uncompressed)));
    }

    private static byte[] concat(byte[]... parts) {
        int length = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        ByteBuffer out = ByteBuffer.allocate(length);
        for (byte[] part : parts) {
            out.put(part);
        }
        return out.array();
    }
}
