package io.postern.relay;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

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
    /** The bytes that end a line's middle, each repeated in every byte of a word: CR and LF, CR, or LF. */
    private final long firstBreak;
    private final long secondBreak;
    private State state = State.LINE_START;
    /** Why the last step stopped: END, BARE, or MIDDLE (a line's middle starts). */
    private State outcome;
    private int position;

    public DotTerminator(Mode mode) {
        this.mode = mode;
        this.firstBreak = repeated(mode == Mode.LOOSE ? '\n' : '\r');
        this.secondBreak = repeated(mode == Mode.LENIENT ? '\r' : '\n');
    }

    private static long repeated(char b) {
        return 0x0101010101010101L * b;
    }

    /**
     * Scans {@code buffer}'s bytes {@code from} (inclusive) {@code to} (exclusive), going on
     * from where the previous call stopped.
     *
     * @return the index just after the terminator's LF; {@link #NOT_FOUND} when the bytes ran
     *     out; {@link #BARE_LINE_BREAK} in strict mode
     */
    public int scan(ByteBuf buffer, int from, int to) {
        // One view of the bytes per scan (a read), not a ByteBuf call per line or per byte: the
        // buffer's checks (bounds, reference count, and in tests a leak record per access)
        // cost more than the scan itself. Little-endian, so that the first of eight bytes is
        // the lowest of the word nextBreak reads.
        ByteBuffer view = buffer.nioBuffer(from, to - from).order(ByteOrder.LITTLE_ENDIAN);
        int length = to - from;
        int at = 0;
        while (at < length) {
            if (state == State.MIDDLE) {
                // Inside a line only a line break matters: jump to the next one eight bytes at
                // a time (a message's data is almost all line middles).
                at = nextBreak(view, at, length);
                if (at < 0) {
                    return NOT_FOUND;
                }
            }
            // Stepped a byte at a time only at a line's edges: it stops at the end, at a bare
            // line break, and on entering the middle of a line, where the jump above takes over.
            int stop = steps(view, at, length);
            if (stop < 0) {
                return NOT_FOUND;
            }
            if (outcome == State.BARE) {
                position = from + stop;
                return BARE_LINE_BREAK;
            }
            if (outcome == State.END) {
                reset();
                return from + stop + 1;
            }
            at = stop + 1;
        }
        return NOT_FOUND;
    }

    /** Steps through {@code view}'s bytes from {@code from}; the index of the byte it stopped at, or -1. */
    private int steps(ByteBuffer view, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!step(view.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The index of the next byte at or after {@code from} that may end the middle of a line, or
     * -1. Eight bytes at a time: the word XOR a line-break byte repeated has a zero byte where
     * that byte is, and the lowest zero byte {@link #zeroBytes} marks is exact.
     */
    private int nextBreak(ByteBuffer view, int from, int to) {
        int i = from;
        for (; i <= to - Long.BYTES; i += Long.BYTES) {
            long word = view.getLong(i);
            long hits = zeroBytes(word ^ firstBreak) | zeroBytes(word ^ secondBreak);
            if (hits != 0) {
                return i + (Long.numberOfTrailingZeros(hits) >>> 3);
            }
        }
        for (; i < to; i++) {
            byte b = view.get(i);
            if (b == (byte) firstBreak || b == (byte) secondBreak) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The high bit of each zero byte of {@code word} set, exact up to the lowest (a byte above
     * a zero one may be marked too, by the borrow); 0 when no byte is zero.
     */
    private static long zeroBytes(long word) {
        return (word - 0x0101010101010101L) & ~word & 0x8080808080808080L;
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
