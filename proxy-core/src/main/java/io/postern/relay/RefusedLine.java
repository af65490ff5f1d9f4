package io.postern.relay;

import java.util.Objects;

/**
 * A client line a decoder cut but that must not go on: it holds a CR that is not part of its
 * line ending, which the upstream might take for the end of a line where the relay did not.
 * Its bytes are gone; the client gets an error answer in turn, and the session goes on.
 *
 * @param reason for the log
 */
public record RefusedLine(String reason) {
    public RefusedLine {
        Objects.requireNonNull(reason, "reason");
    }
}
