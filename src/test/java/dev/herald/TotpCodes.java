package dev.herald;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What an authenticator app computes, written here independently of Herald's own classes: RFC 6238 codes
 * (HMAC-SHA1 over 30-second steps, six digits) from a base32 secret, for tests that sign in with a second factor.
 */
public final class TotpCodes {

    private TotpCodes() {}

    /** The current 30-second step. */
    public static long step() {
        return System.currentTimeMillis() / 1000 / 30;
    }

    /** Waits for a fresh step when the current one is about to end, so a few codes in a row stay valid. */
    public static void awaitFreshStep() throws InterruptedException {
        long intoStep = System.currentTimeMillis() % 30_000;
        if (intoStep > 20_000) {
            Thread.sleep(30_000 - intoStep + 200);
        }
    }

    public static String code(byte[] secret, long step) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret, "HmacSHA1"));
            byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
            int offset = hash[19] & 0xf;
            int value = ByteBuffer.wrap(hash, offset, 4).getInt() & 0x7fffffff;
            return String.format("%06d", value % 1_000_000);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] fromBase32(String text) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        ByteBuffer out = ByteBuffer.allocate(text.length() * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (char c : text.toCharArray()) {
            buffer = (buffer << 5) | alphabet.indexOf(c);
            bits += 5;
            if (bits >= 8) {
                out.put((byte) (buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        return out.array();
    }
}
