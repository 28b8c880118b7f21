package dev.herald.messaging;

import java.util.regex.Pattern;

/** How destination addresses are checked and written down. */
public final class Addresses {

    private static final Pattern PHONE_DECORATION = Pattern.compile("[\\s()\\-.]");
    private static final Pattern E164_DIGITS = Pattern.compile("[1-9][0-9]{4,14}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");

    private Addresses() {}

    /** E.164 digits without {@code +} (TWIN's form: {@code 74992868344}), or null if it is not a phone number. */
    public static String normalizePhone(String phone) {
        String digits = PHONE_DECORATION.matcher(phone.strip()).replaceAll("");
        if (digits.startsWith("+")) {
            digits = digits.substring(1);
        }
        return E164_DIGITS.matcher(digits).matches() ? digits : null;
    }

    /** The address trimmed, with its domain in lower case, or null if it is not an e-mail address. */
    public static String normalizeEmail(String email) {
        String trimmed = email.strip();
        if (trimmed.length() > 254 || !EMAIL.matcher(trimmed).matches()) {
            return null;
        }
        int at = trimmed.indexOf('@');
        return trimmed.substring(0, at) + trimmed.substring(at).toLowerCase(java.util.Locale.ROOT);
    }
}
