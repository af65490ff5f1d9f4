package io.postern.engine;

import io.postern.spi.WireText;

/**
 * Wire text shaped for a log line: what an upstream answered, what an auth server said.
 * Everything goes through {@link WireText#escape}, so neither a client nor a server can split,
 * colour or forge a line of the operator's log.
 */
public final class LogText {

    /** How many characters of a server's line an error message quotes. */
    static final int QUOTED_LENGTH = 80;

    private LogText() {
    }

    /**
     * A line from the wire, for an error message: without its line ending and surrounding
     * spaces, cut to {@value #QUOTED_LENGTH} characters, escaped and in double quotes.
     */
    public static String quoted(String line) {
        String trimmed = line.strip();
        String cut = trimmed.length() > QUOTED_LENGTH ? trimmed.substring(0, QUOTED_LENGTH) : trimmed;
        return '"' + WireText.escape(cut) + (cut.length() < trimmed.length() ? "...\"" : "\"");
    }

    /**
     * {@code text} with what could split, colour or forge a log line written as {@code \xHH}, as
     * {@link WireText#escape} writes it: C0 and C1 controls, DEL, the Unicode line and paragraph
     * separators, and lone surrogates (an escaped byte as its byte). Everything else, quotes and
     * backslashes included, stays as it is, so a value already escaped is not escaped twice. The
     * safety net under every session log line, not a substitute for escaping wire values.
     */
    public static String lineSafe(String text) {
        int first = firstUnsafe(text);
        if (first < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            if (unsafeAt(text, i)) {
                WireText.appendEscaped(out, text.subSequence(i, i + 1));
            } else {
                out.append(text.charAt(i));
            }
        }
        return out.toString();
    }

    private static int firstUnsafe(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (unsafeAt(text, i)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean unsafeAt(String text, int i) {
        char c = text.charAt(i);
        if (c < 0x20 || c >= 0x7f && c <= 0x9f || c == '\u2028' || c == '\u2029') {
            return true;
        }
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
        }
        return Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)));
    }
}
