package dev.herald.auth;

import dev.herald.web.InvalidRequestException;

/** What a password chosen by a person or an administrator must be: long enough, and not absurdly long. */
public final class PasswordRule {

    public static final int MIN_LENGTH = 10;
    /** bcrypt reads only the first 72 bytes. */
    public static final int MAX_LENGTH = 72;

    private PasswordRule() {}

    /** @throws InvalidRequestException naming {@code field} when the password is unfit */
    public static String check(String field, String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            throw new InvalidRequestException(field, "must be at least " + MIN_LENGTH + " characters");
        }
        if (password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_LENGTH) {
            throw new InvalidRequestException(field, "must be at most " + MAX_LENGTH + " bytes");
        }
        return password;
    }
}
