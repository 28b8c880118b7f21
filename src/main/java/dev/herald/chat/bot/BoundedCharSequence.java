package dev.herald.chat.bot;

/**
 * A text that a regular expression may read only so many times: scenario authors write the expressions and
 * clients write the answers, and some pairs backtrack for ever. Reading past the budget throws.
 */
final class BoundedCharSequence implements CharSequence {

    private static final int BUDGET = 1_000_000;

    static final class TooSlowException extends RuntimeException {
        TooSlowException() {
            super(null, null, false, false);
        }
    }

    private final CharSequence text;
    private final int[] reads;

    BoundedCharSequence(CharSequence text) {
        this(text, new int[] {0});
    }

    private BoundedCharSequence(CharSequence text, int[] reads) {
        this.text = text;
        this.reads = reads;
    }

    @Override
    public char charAt(int index) {
        if (++reads[0] > BUDGET) {
            throw new TooSlowException();
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new BoundedCharSequence(text.subSequence(start, end), reads);
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
