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
}
