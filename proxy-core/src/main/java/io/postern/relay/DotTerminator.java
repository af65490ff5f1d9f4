package io.postern.relay;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;

/**
 * Finds the end of a dot-terminated block, {@code CRLF.CRLF} (POP3 multi-line answers, SMTP
 * message data), resumable across reads: it keeps its place between calls, so a terminator cut
 * anywhere by the network is still found. The block starts at the beginning of a line (the
 * CRLF of the line before it, a status line or {@code DATA}, counts as the first CRLF).
 *
 * <p>What ends a line is the {@link Mode}'s business, and the whole point of SMTP smuggling
 * (CVE-2023-51764): in {@link Mode#STRICT} only CRLF does, and a bare CR or LF is reported so
 * the caller can refuse the message; nothing like {@code LF.LF}, {@code LF.CRLF} or
 * {@code CR.CR} ever ends the block.
 */
public final class DotTerminator {

    /** What may end a line. */
    public enum Mode {
        /** Only CRLF; a CR or LF alone is reported ({@link #BARE_LINE_BREAK}): client message data. */
        STRICT,
        /** Only CRLF; a CR or LF alone is content: what a server sends, relayed as it is. */
        LENIENT,
        /**
         * LF, with or without CR: for finding where a client that uses bare LF thinks its
         * refused message ends, so that it gets its answer; never for data that is relayed.
         */
        LOOSE
    }

    /** {@link #scan}: no terminator in the bytes given. */
    public static final int NOT_FOUND = -1;
    /** {@link #scan} in {@link Mode#STRICT}: a CR or LF that is not part of a CRLF, at {@link #position()}. */
    public static final int BARE_LINE_BREAK = -2;

    /** Where in a line the scan is; END and BARE are outcomes, never kept (MIDDLE is both). */
    private enum State { LINE_START, MIDDLE, CR, DOT, DOT_CR, END, BARE }

    private final Mode mode;
    private final ByteProcessor stepper = this::step;
    private State state = State.LINE_START;
    /** Why the last step stopped: END, BARE, or MIDDLE (a line's middle starts). */
    private State outcome;
    private int position;

    public DotTerminator(Mode mode) {
        this.mode = mode;
    }

    /**
     * Scans {@code buffer}'s bytes {@code from} (inclusive) {@code to} (exclusive), going on
     * from where the previous call stopped.
     *
     * @return the index just after the terminator's LF; {@link #NOT_FOUND} when the bytes ran
     *     out; {@link #BARE_LINE_BREAK} in strict mode
     */
    public int scan(ByteBuf buffer, int from, int to) {
        int at = from;
        while (at < to) {
            if (state == State.MIDDLE) {
                // Inside a line only a line break matters: jump to the next one with
                // ByteBuf.indexOf, which compares eight bytes at a time, instead of stepping
                // through the line byte by byte (a message's data is almost all line middles).
                at = nextBreak(buffer, at, to);
                if (at < 0) {
                    return NOT_FOUND;
                }
            }
            // Stepped with forEachByte, not a getByte per byte: cheaper, and a leak-tracking
            // buffer in tests records every access. It stops at the end, at a bare line break,
            // and on entering the middle of a line, where the jump above takes over.
            int stop = buffer.forEachByte(at, to - at, stepper);
            if (stop < 0) {
                return NOT_FOUND;
            }
            if (outcome == State.BARE) {
                position = stop;
                return BARE_LINE_BREAK;
            }
            if (outcome == State.END) {
                reset();
                return stop + 1;
            }
            at = stop + 1;
        }
        return NOT_FOUND;
    }

    /** The index of the next byte at or after {@code from} that may end the middle of a line, or -1. */
    private int nextBreak(ByteBuf buffer, int from, int to) {
        if (mode == Mode.STRICT) {
            int lf = buffer.indexOf(from, to, (byte) '\n');
            int cr = buffer.indexOf(from, lf < 0 ? to : lf, (byte) '\r');
            return cr >= 0 ? cr : lf;
        }
        return buffer.indexOf(from, to, mode == Mode.LENIENT ? (byte) '\r' : (byte) '\n');
    }

    /** Where the bare CR or LF that {@link #scan} reported is. */
    public int position() {
        return position;
    }

    /**
     * How many of the bytes scanned last may be the start of the terminator ({@code .} or
     * {@code .CR} at the start of a line): a streaming caller holds them back until the next
     * read says whether they end the block, so the terminator is never split between a chunk
     * and the end.
     */
    public int pending() {
        if (state == State.DOT) {
            return 1;
        }
        return state == State.DOT_CR ? 2 : 0;
    }

    /** Forgets the {@link #pending()} bytes, which the caller will scan again with the next read. */
    public void rewindPending() {
        if (pending() > 0) {
            state = State.LINE_START;
        }
    }

    /** Back to the start of a block. */
    public void reset() {
        state = State.LINE_START;
    }

    /**
     * Continues after a bare line break in strict mode as the loose mode would: used to skip
     * the rest of a refused message. The byte at the reported position is scanned again.
     */
    public void resumeMidLine() {
        state = State.MIDDLE;
    }

    /**
     * Moves past {@code b}; false to stop the scan at it: the block's end, a bare line break, or
     * the start of a line's middle ({@link #scan} then jumps to the next line break).
     */
    private boolean step(byte b) {
        State next = switch (mode) {
            case STRICT -> strict(b);
            case LENIENT -> lenient(b);
            case LOOSE -> loose(b);
        };
        if (next == State.END || next == State.BARE) {
            outcome = next;
            return false;
        }
        boolean entersMiddle = next == State.MIDDLE && state != State.MIDDLE;
        state = next;
        if (entersMiddle) {
            outcome = State.MIDDLE;
            return false;
        }
        return true;
    }

    private State strict(byte b) {
        return switch (state) {
            case LINE_START -> b == '.' ? State.DOT : b == '\r' ? State.CR : b == '\n' ? State.BARE : State.MIDDLE;
            case MIDDLE -> b == '\r' ? State.CR : b == '\n' ? State.BARE : State.MIDDLE;
            case CR -> b == '\n' ? State.LINE_START : State.BARE;
            case DOT -> b == '\r' ? State.DOT_CR : b == '\n' ? State.BARE : State.MIDDLE;
            default -> b == '\n' ? State.END : State.BARE; // DOT_CR
        };
    }

    private State lenient(byte b) {
        return switch (state) {
            case LINE_START -> b == '.' ? State.DOT : b == '\r' ? State.CR : State.MIDDLE;
            case MIDDLE -> b == '\r' ? State.CR : State.MIDDLE;
            case CR -> b == '\n' ? State.LINE_START : b == '\r' ? State.CR : State.MIDDLE;
            case DOT -> b == '\r' ? State.DOT_CR : State.MIDDLE;
            default -> b == '\n' ? State.END : b == '\r' ? State.CR : State.MIDDLE; // DOT_CR
        };
    }

    private State loose(byte b) {
        return switch (state) {
            case LINE_START -> b == '.' ? State.DOT : b == '\n' ? State.LINE_START : State.MIDDLE;
            case DOT -> b == '\r' ? State.DOT_CR : b == '\n' ? State.END : State.MIDDLE;
            case DOT_CR -> b == '\n' ? State.END : State.MIDDLE;
            default -> b == '\n' ? State.LINE_START : State.MIDDLE; // MIDDLE, CR
        };
    }
}
