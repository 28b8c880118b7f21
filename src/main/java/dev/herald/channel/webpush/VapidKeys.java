package dev.herald.channel.webpush;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * A VAPID key pair (RFC 8292): an ECDSA P-256 key whose public half the browser got as
 * {@code applicationServerKey} when it subscribed. Written as the web-push tools write it: the public key as
 * the base64url of its 65-byte uncompressed point, the private key as the base64url of its 32-byte scalar (a
 * PKCS#8 PEM private key is read too).
 */
record VapidKeys(ECPublicKey publicKey, ECPrivateKey privateKey) {

    private static final ECParameterSpec P256 = p256();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    /** A key is unreadable or the two halves do not belong together; the message names which. */
    static final class InvalidVapidKeyException extends RuntimeException {
        private final String setting;

        InvalidVapidKeyException(String setting, String message) {
            super(message);
            this.setting = setting;
        }

        String setting() {
            return setting;
        }
    }

    /** Reads both keys and proves they are one pair, by signing with the private key and verifying with the public. */
    static VapidKeys parse(String publicKey, String privateKey) {
        VapidKeys keys = new VapidKeys(publicKey(publicKey), privateKey(privateKey));
        if (!keys.matches()) {
            throw new InvalidVapidKeyException(WebPushProviderType.VAPID_PRIVATE_KEY,
                    "does not belong to vapidPublicKey; use the two keys generated together");
        }
        return keys;
    }

    static VapidKeys generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair pair = generator.generateKeyPair();
            return new VapidKeys((ECPublicKey) pair.getPublic(), (ECPrivateKey) pair.getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JDK cannot make P-256 keys", e);
        }
    }

    /** The public key as browsers take it in {@code applicationServerKey}. */
    String publicKeyText() {
        return BASE64URL.encodeToString(uncompressed(publicKey));
    }

    String privateKeyText() {
        return BASE64URL.encodeToString(unsigned32(privateKey.getS()));
    }

    private boolean matches() {
        try {
            byte[] probe = new byte[32];
            new SecureRandom().nextBytes(probe);
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(privateKey);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The 65-byte uncompressed form of a P-256 point: 0x04, x, y. */
    static byte[] uncompressed(ECPublicKey key) {
        byte[] out = new byte[65];
        out[0] = 0x04;
        System.arraycopy(unsigned32(key.getW().getAffineX()), 0, out, 1, 32);
        System.arraycopy(unsigned32(key.getW().getAffineY()), 0, out, 33, 32);
        return out;
    }

    /** Reads a 65-byte uncompressed P-256 point; refuses points off the curve. */
    static ECPublicKey publicKey(byte[] point, String setting) {
        if (point.length != 65 || point[0] != 0x04) {
            throw new InvalidVapidKeyException(setting, "must be an uncompressed P-256 point (65 bytes starting with 0x04)");
        }
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(point, 1, 33));
        BigInteger y = new BigInteger(1, Arrays.copyOfRange(point, 33, 65));
        if (!onCurve(x, y)) {
            throw new InvalidVapidKeyException(setting, "is not a point on the P-256 curve");
        }
        try {
            return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), P256));
        } catch (GeneralSecurityException e) {
            throw new InvalidVapidKeyException(setting, "is not a P-256 public key");
        }
    }

    private static ECPublicKey publicKey(String text) {
        String setting = WebPushProviderType.VAPID_PUBLIC_KEY;
        return publicKey(decode(text, setting), setting);
    }

    private static ECPrivateKey privateKey(String text) {
        String setting = WebPushProviderType.VAPID_PRIVATE_KEY;
        if (text == null || text.isBlank()) {
            throw new InvalidVapidKeyException(setting, "is required");
        }
        try {
            KeyFactory factory = KeyFactory.getInstance("EC");
            if (text.contains("-----BEGIN PRIVATE KEY-----")) {
                String base64 = text.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "")
                        .replaceAll("\\s", "");
                ECPrivateKey key = (ECPrivateKey) factory.generatePrivate(
                        new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
                if (key.getParams().getCurve().equals(P256.getCurve())) {
                    return key;
                }
                throw new InvalidVapidKeyException(setting, "must be a key on the P-256 curve (prime256v1)");
            }
            byte[] scalar = decode(text, setting);
            if (scalar.length != 32) {
                throw new InvalidVapidKeyException(setting, "must be 32 bytes (base64url, 43 characters) or a PKCS#8 PEM key");
            }
            return (ECPrivateKey) factory.generatePrivate(new ECPrivateKeySpec(new BigInteger(1, scalar), P256));
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new InvalidVapidKeyException(setting, "is not a readable P-256 private key");
        }
    }

    private static byte[] decode(String text, String setting) {
        if (text == null || text.isBlank()) {
            throw new InvalidVapidKeyException(setting, "is required");
        }
        try {
            // Tools differ in padding and alphabet; accept both.
            String urlSafe = text.strip().replace('+', '-').replace('/', '_').replace("=", "");
            return Base64.getUrlDecoder().decode(urlSafe);
        } catch (IllegalArgumentException e) {
            throw new InvalidVapidKeyException(setting, "is not base64url");
        }
    }

    private static boolean onCurve(BigInteger x, BigInteger y) {
        BigInteger p = ((ECFieldFp) P256.getCurve().getField()).getP();
        if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            return false;
        }
        BigInteger right = x.pow(3).add(P256.getCurve().getA().multiply(x)).add(P256.getCurve().getB()).mod(p);
        return y.pow(2).mod(p).equals(right);
    }

    private static byte[] unsigned32(BigInteger value) {
        byte[] bytes = value.toByteArray();
        byte[] out = new byte[32];
        int length = Math.min(bytes.length, 32);
        System.arraycopy(bytes, bytes.length - length, out, 32 - length, length);
        return out;
    }

    private static ECParameterSpec p256() {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JDK has no P-256 curve", e);
        }
    }

    @Override
    public String toString() {
        // Keeps the private key out of logs.
        return "VapidKeys[" + publicKeyText() + "]";
    }
}
