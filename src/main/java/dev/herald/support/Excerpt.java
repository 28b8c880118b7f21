package dev.herald.support;

/**
 * The most of a peer's answer (a provider's or a callback receiver's body, an exception text built from it) that
 * Herald copies into a message's error or a log line: at most {@value #MAX} characters, control characters
 * (line breaks, ANSI escapes, NUL) shown as one space each, so an answer can neither flood the store and the
 * logs nor forge log lines.
 */
public final class Excerpt {

    public static final int MAX = 200;

    private Excerpt() {}

    /** {@code text} cut to {@value #MAX} characters (with "…" when cut) and cleaned; "(no body)" when blank. */
    public static String of(String text) {
        if (text == null || text.isBlank()) {
            return "(no body)";
        }
        String stripped = text.strip();
        boolean cut = stripped.length() > MAX;
        int end = cut ? MAX : stripped.length();
        if (cut && Character.isHighSurrogate(stripped.charAt(end - 1))) {
            end--;
        }
        StringBuilder clean = new StringBuilder(end + 1);
        for (int i = 0; i < end; i++) {
            char c = stripped.charAt(i);
            boolean control = Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
                    || Character.getType(c) == Character.FORMAT && c != '\u200d';
            clean.append(control ? ' ' : c);
        }
        return cut ? clean.append('…').toString() : clean.toString();
    }
}
