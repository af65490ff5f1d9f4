package io.postern.relay;

import java.util.Objects;

/**
 * A decoder's report that its input cannot be framed any more: a line past its limit, a reply
 * that is not one. Where the next message starts is unknown, so the decoder discards what
 * follows and the session must end, after the protocol's answer.
 *
 * @param kind what went wrong
 * @param detail for the log and the protocol's answer; never the offending bytes, which may be
 *     private
 */
public record FramingError(Kind kind, String detail) {

    /** What went wrong. */
    public enum Kind {
        /** A line or a block longer than its limit. */
        TOO_LONG,
        /** Bytes that are not what the protocol allows there. */
        MALFORMED
    }

    public FramingError {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
    }
}
