package io.postern.spi.pop3;

import java.util.List;
import java.util.Objects;

/**
 * An answer from a POP3 server.
 *
 * @param ok {@code +OK} or {@code -ERR}
 * @param text the rest of the status line
 * @param body whether a multi-line block follows the status line, and how filters see it
 * @param lines the block's lines without their line endings and with dot-stuffing undone,
 *     when {@code body} is {@link Body#LINES}; empty otherwise
 */
public record Pop3Response(boolean ok, String text, Body body, List<String> lines) {

    /** What follows the status line. */
    public enum Body {
        /** Nothing: a single-line answer. */
        NONE,
        /** A multi-line block given to filters as {@link #lines()} (CAPA, LIST, UIDL). */
        LINES,
        /** A multi-line block streamed after the answer (RETR, TOP). */
        STREAMED
    }

    public Pop3Response {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(body, "body");
        lines = List.copyOf(lines);
        if (body != Body.LINES && !lines.isEmpty()) {
            throw new IllegalArgumentException("only a LINES body has lines");
        }
        if (!ok && body != Body.NONE) {
            throw new IllegalArgumentException("-ERR is always a single line");
        }
    }

    /** A single-line {@code +OK text}. */
    public static Pop3Response ok(String text) {
        return new Pop3Response(true, text, Body.NONE, List.of());
    }

    /** A single-line {@code -ERR text}, as a filter refusing a command answers. */
    public static Pop3Response err(String text) {
        return new Pop3Response(false, text, Body.NONE, List.of());
    }

    /** The same answer with other block lines. */
    public Pop3Response withLines(List<String> newLines) {
        return new Pop3Response(ok, text, Body.LINES, newLines);
    }
}
