package dev.herald.channel.smpp;

import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.TypeOfNumber;

/**
 * An address as submit_sm carries it: the digits or name with its type of number (TON) and numbering plan
 * (NPI). SMSCs route and display by these, and many reject an alphanumeric sender sent with TON 1.
 */
record SmppAddress(TypeOfNumber ton, NumberingPlanIndicator npi, String value) {

    /** Numbers shorter than this are short codes, not E.164 numbers. */
    private static final int MIN_INTERNATIONAL_DIGITS = 8;

    /**
     * The sender, with the connection's TON and NPI where set and otherwise what the address looks like:
     * a name is alphanumeric (5/0), a long number international (1/1), a short code unknown (0/1).
     */
    static SmppAddress source(String sender, Integer ton, Integer npi) {
        String value = sender == null ? "" : sender.strip();
        TypeOfNumber autoTon;
        NumberingPlanIndicator autoNpi;
        if (value.isEmpty()) {
            autoTon = TypeOfNumber.UNKNOWN;
            autoNpi = NumberingPlanIndicator.UNKNOWN;
        } else if (isAlphanumeric(value)) {
            autoTon = TypeOfNumber.ALPHANUMERIC;
            autoNpi = NumberingPlanIndicator.UNKNOWN;
        } else {
            value = digits(value);
            autoTon = value.length() >= MIN_INTERNATIONAL_DIGITS ? TypeOfNumber.INTERNATIONAL : TypeOfNumber.UNKNOWN;
            autoNpi = NumberingPlanIndicator.ISDN;
        }
        return new SmppAddress(ton == null ? autoTon : TypeOfNumber.valueOf(ton.byteValue()),
                npi == null ? autoNpi : NumberingPlanIndicator.valueOf(npi.byteValue()), value);
    }

    /** A recipient's phone number in international format; null when it has no digits. */
    static SmppAddress destination(String phone) {
        String digits = phone == null ? "" : digits(phone);
        if (digits.isEmpty() || digits.length() > 20) {
            return null;
        }
        return new SmppAddress(TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, digits);
    }

    /** Whether a sender is a name rather than a number ({@code +}, spaces and dashes are number formatting). */
    static boolean isAlphanumeric(String sender) {
        return sender.chars().anyMatch(c -> !Character.isDigit(c) && c != '+' && c != ' ' && c != '-');
    }

    private static String digits(String value) {
        StringBuilder digits = new StringBuilder();
        value.chars().filter(c -> c >= '0' && c <= '9').forEach(c -> digits.append((char) c));
        return digits.toString();
    }
}
