package io.postern.engine;

import java.util.Objects;

/**
 * One line a client sent before login, without its line ending. Its text may carry a
 * password (POP3 {@code PASS}, a SASL response), so {@code toString} shows only its length.
 *
 * @param text the line, decoded with {@link io.postern.spi.WireText#decode} (invalid UTF-8 kept as escaped bytes)
 */
public record CommandLine(String text) {

    /** The marker {@link CommandLineDecoder} emits for a line over the limit. */
    static final CommandLine TOO_LONG = new CommandLine("\0too long");

    public CommandLine {
        Objects.requireNonNull(text, "text");
    }

    /** Whether this is the marker of a line that exceeded the limit (the connection must close). */
    public boolean tooLong() {
        return this == TOO_LONG;
    }

    @Override
    public String toString() {
        return tooLong() ? "CommandLine[too long]" : "CommandLine[" + text.length() + " chars]";
    }
}
