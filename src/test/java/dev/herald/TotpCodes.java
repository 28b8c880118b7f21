package dev.herald;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What an authenticator app computes, written here independently of Herald's own classes: RFC 6238 codes
 * (HMAC-SHA1 over 30-second steps, six digits) from a base32 secret, for tests that sign in with a second factor.
 */
public final class TotpCodes {

    /** The key as the console's enrolment page shows it (a person's and the administrator's page alike). */
    private static final Pattern SECRET = Pattern.compile("id=\"secret\">([A-Z2-7]+)<");
    /** A recovery code as the page that turns two-factor sign-in on lists it. */
    private static final Pattern RECOVERY = Pattern.compile("<li>([a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4})</li>");

    private TotpCodes() {}

    /** The base32 key an enrolment page shows; fails the test when it shows none. */
    public static String secretOn(String page) {
        Matcher m = SECRET.matcher(page);
        assertThat(m.find()).as("the key on the enrolment page").isTrue();
        return m.group(1);
    }

    /** The recovery codes a page lists, in order. */
    public static List<String> recoveryCodesOn(String page) {
        List<String> found = new ArrayList<>();
        Matcher m = RECOVERY.matcher(page);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

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
