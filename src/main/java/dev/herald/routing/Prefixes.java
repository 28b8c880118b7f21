package dev.herald.routing;

/** Destination prefixes: the digits of a phone number, as route prefixes and delivery rates use them. */
final class Prefixes {

    /** How many leading digits the delivery rates are kept per (country and most operator codes fit). */
    static final int RATE_DIGITS = 4;

    private Prefixes() {}

    static String digits(String address) {
        StringBuilder digits = new StringBuilder(address.length());
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            } else if (c != '+' && c != ' ' && c != '-' && c != '(' && c != ')') {
                return "";
            }
        }
        return digits.toString();
    }

    /** The prefix a delivery rate is counted under: the first digits of a phone number, '' for other addresses. */
    static String ofRate(String address) {
        String digits = address == null ? "" : digits(address);
        return digits.length() <= RATE_DIGITS ? digits : digits.substring(0, RATE_DIGITS);
    }
}
