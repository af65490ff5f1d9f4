package io.postern.imap.relay;

import java.util.Optional;

/**
 * Watches the bytes of a line that is not parsed (relayed raw, or skipped as invalid) for the
 * one thing that still matters: whether it ends with a literal's header ({@code {n}},
 * {@code {n+}}, {@code ~{n}}), after which {@code n} bytes follow that are not lines. Fed one
 * byte at a time with its offset; the offsets of a candidate header can be shifted when the
 * bytes before it are passed on.
 */
final class LineEndLiteral {

    /** How the line ended. */
    enum Kind {
        /** No literal follows. */
        NONE,
        /** A literal follows; see {@link #mark}. */
        LITERAL,
        /** A literal header whose length has more digits than any count: nothing can be framed after it. */
        OVERSIZED
    }

    /** Lengths have at most this many digits (below {@code Long.MAX_VALUE}). */
    static final int MAX_DIGITS = 18;

    private int start = -1;
    private int brace;
    private long length;
    private int digits;
    private boolean binary;
    private boolean plus;
    private boolean closed;
    private boolean crPending;
    private byte previous;

    void reset() {
        start = -1;
        crPending = false;
        previous = 0;
    }

    /** Whether {@code b}, at {@code offset}, ends the line (a LF); its state is then final. */
    boolean feed(byte b, int offset) {
        if (b == '\n') {
            return true;
        }
        if (crPending) {
            crPending = false;
            start = -1; // the CR was not the line's end but content
        }
        if (b == '\r') {
            crPending = true;
        } else if (b == '{') {
            binary = previous == '~';
            start = offset;
            length = 0;
            digits = 0;
            plus = false;
            closed = false;
        } else if (start >= 0) {
            accept(b, offset);
        }
        previous = b;
        return false;
    }

    private void accept(byte b, int offset) {
        if (b >= '0' && b <= '9' && !plus && !closed) {
            digits++;
            if (digits <= MAX_DIGITS) {
                length = length * 10 + (b - '0');
            }
        } else if (b == '+' && digits > 0 && !plus && !closed) {
            plus = true;
        } else if (b == '}' && digits > 0 && !closed) {
            closed = true;
            brace = offset;
        } else {
            start = -1;
        }
    }

    /** How the line that just ended (fed its LF) ends. */
    Kind kind() {
        if (start < 0 || !closed) {
            return Kind.NONE;
        }
        return digits > MAX_DIGITS ? Kind.OVERSIZED : Kind.LITERAL;
    }

    /** Whether the literal the line ends with (or an oversized header) is non-synchronizing. */
    boolean nonSync() {
        return plus;
    }

    /** The header of the literal the line ends with, the line's LF at {@code lf}. */
    Optional<LiteralMark> mark(int lf) {
        return kind() == Kind.LITERAL
                ? Optional.of(new LiteralMark(binary && start > 0 ? start - 1 : start, brace, lf + 1, length, binary, plus))
                : Optional.empty();
    }

    /**
     * Where a header that may still end the line begins (its {@code {}), or -1: bytes from there
     * on must not be passed on yet, in case its {@code +} has to be removed.
     */
    int candidateStart() {
        return start;
    }

    /** The bytes before {@code n} were passed on: offsets now count from there. */
    void shift(int n) {
        if (start >= 0) {
            start -= n;
            brace -= n;
        }
    }
}
