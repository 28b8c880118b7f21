package dev.herald.channel.sms;

import java.util.ArrayList;
import java.util.List;

/**
 * How an SMS text travels: in the GSM 03.38 default alphabet when every character is in it (extension
 * characters such as {@code €} or {@code [} take two septets), else UCS-2 (Cyrillic, emoji). A text longer
 * than one part is split into parts of 153 septets or 67 UCS-2 units, leaving room for the concatenation
 * header; a split never breaks an escape pair or a surrogate pair.
 *
 * @param units the length in septets (GSM 7-bit) or UTF-16 code units (UCS-2)
 */
public record SmsText(String text, Encoding encoding, int units, List<String> parts) {

    public enum Encoding { GSM7, UCS2 }

    static final int GSM7_SINGLE = 160;
    static final int GSM7_PART = 153;
    static final int UCS2_SINGLE = 70;
    static final int UCS2_PART = 67;

    /** The GSM 03.38 default alphabet, indexed by septet value (0x1B is the escape to the extension table). */
    private static final String BASIC =
            "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    /** Characters of the extension table, each sent as 0x1B and its code. */
    private static final String EXTENSION = "\f^{}\\[~]|€";

    public static SmsText of(String text) {
        String value = text == null ? "" : text;
        int septets = gsmSeptets(value);
        if (septets >= 0) {
            return new SmsText(value, Encoding.GSM7, septets, split(value, Encoding.GSM7, septets));
        }
        return new SmsText(value, Encoding.UCS2, value.length(), split(value, Encoding.UCS2, value.length()));
    }

    public int partCount() {
        return parts.size();
    }

    /** The septet value of a basic-alphabet character, or -1. */
    public static int basicCode(char c) {
        return c == '\u001B' ? -1 : BASIC.indexOf(c);
    }

    /** The code following the escape for an extension character, or -1. */
    public static int extensionCode(char c) {
        return switch (c) {
            case '\f' -> 0x0A;
            case '^' -> 0x14;
            case '{' -> 0x28;
            case '}' -> 0x29;
            case '\\' -> 0x2F;
            case '[' -> 0x3C;
            case '~' -> 0x3D;
            case ']' -> 0x3E;
            case '|' -> 0x40;
            case '€' -> 0x65;
            default -> -1;
        };
    }

    /** The text's length in septets, or -1 when a character is outside the GSM alphabet. */
    private static int gsmSeptets(String text) {
        int septets = 0;
        for (int i = 0; i < text.length(); i++) {
            int width = septetWidth(text.charAt(i));
            if (width < 0) {
                return -1;
            }
            septets += width;
        }
        return septets;
    }

    private static int septetWidth(char c) {
        if (basicCode(c) >= 0) {
            return 1;
        }
        return EXTENSION.indexOf(c) >= 0 ? 2 : -1;
    }

    private static List<String> split(String text, Encoding encoding, int units) {
        int single = encoding == Encoding.GSM7 ? GSM7_SINGLE : UCS2_SINGLE;
        if (units <= single) {
            return List.of(text);
        }
        int partSize = encoding == Encoding.GSM7 ? GSM7_PART : UCS2_PART;
        List<String> parts = new ArrayList<>();
        int start = 0;
        int used = 0;
        for (int i = 0; i < text.length(); ) {
            char c = text.charAt(i);
            boolean pair = encoding == Encoding.UCS2 && Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            int width = encoding == Encoding.GSM7 ? septetWidth(c) : pair ? 2 : 1;
            int chars = pair ? 2 : 1;
            if (used + width > partSize) {
                parts.add(text.substring(start, i));
                start = i;
                used = 0;
            }
            used += width;
            i += chars;
        }
        parts.add(text.substring(start));
        return List.copyOf(parts);
    }
}
