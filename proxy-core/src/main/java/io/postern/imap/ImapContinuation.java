package io.postern.imap;

import java.util.Objects;

/**
 * One client line read in continuation mode (see
 * {@link ImapCommandDecoder#expectContinuation()}): a SASL response to a {@code + } challenge,
 * or {@code *} to cancel. The line ending is removed. {@link #toString()} never shows the line.
 *
 * @param line the line without its CRLF (or bare LF), decoded as UTF-8
 */
public record ImapContinuation(String line) {
    public ImapContinuation {
        Objects.requireNonNull(line, "line");
    }

    @Override
    public String toString() {
        return "ImapContinuation[line=<redacted>]";
    }
}
