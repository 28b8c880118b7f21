package dev.herald.link;

import java.security.SecureRandom;

/**
 * Short-link codes: 10 characters from {@code [0-9A-Za-z]} drawn from a {@link SecureRandom}, about 59.5 bits,
 * so codes cannot be guessed or enumerated. Letters and digits only, because phones' link detection may
 * cut a URL at a trailing {@code -} or {@code _}.
 */
final class ShortLinkCodes {

    static final int LENGTH = 10;
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ShortLinkCodes() {}

    static String next() {
        char[] code = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            code[i] = ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length()));
        }
        return new String(code);
    }

    /** Whether a string could be a code at all; anything else is answered without a database look-up. */
    static boolean isWellFormed(String code) {
        if (code.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < code.length(); i++) {
            if (ALPHABET.indexOf(code.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }
}
