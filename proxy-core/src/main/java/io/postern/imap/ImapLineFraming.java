package io.postern.imap;

import static io.postern.imap.ImapChars.CR;
import static io.postern.imap.ImapChars.LF;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.postern.engine.HoldableDecoder;
import io.postern.spi.WireText;
import java.util.List;

/**
 * The framing half of {@link ImapCommandDecoder}: where the next byte is, how much of the length
 * limit is left, emitting messages, skipping an invalid line, continuation lines and discarding
 * after a fatal error. The grammar states live in the subclass.
 *
 * <p>The bytes of the current command stay in the cumulation buffer ({@link #index} runs ahead
 * of the reader index) until the command completes, or until they are committed before a
 * synchronizing literal.
 */
abstract class ImapLineFraming extends HoldableDecoder {

    /** The decoder's states; each has one {@code decodeXxx} method. */
    enum State {
        TAG, VERB, ARGUMENT, ATOM, QUOTED, QUOTED_ESCAPE, LITERAL_HEADER, LITERAL_HEADER_END,
        LITERAL_DATA, AFTER_VALUE, LINE_END, SKIP_LINE, CONTINUATION, DISCARD
    }

    /** The last two bytes of a line that ends with a non-synchronizing literal header. */
    static final int NON_SYNC_TAIL = ('+' << 8) | '}';

    final int maxCommandLength;
    final CommandBuilder command = new CommandBuilder();
    State state = State.TAG;
    /** Absolute index of the next byte to examine; valid during {@link #decode}. */
    int index;
    /** Bytes of the current command already consumed (those before a synchronizing literal). */
    int committed;
    /** Set when the decode loop must stop after the message just emitted. */
    boolean pause;
    /** The last two non-CR bytes of the line being skipped; may be seeded by the subclass. */
    int tail;
    /** Bytes of the current command examined but not consumed, kept between calls. */
    private int scanned;
    /** Why the line being skipped is invalid. */
    private String errorReason;

    ImapLineFraming(int maxCommandLength) {
        super(maxCommandLength);
        if (maxCommandLength < 0) {
            // 0 is nginx's too: every command is too long.
            throw new IllegalArgumentException("maxCommandLength: " + maxCommandLength + " (expected: >= 0)");
        }
        this.maxCommandLength = maxCommandLength;
    }

    /** Runs one grammar state (any state but SKIP_LINE, CONTINUATION and DISCARD). */
    abstract boolean decodeCommandState(ByteBuf in, int limit, List<Object> out);

    @Override
    protected final void decodeUnheld(ByteBuf in, List<Object> out) {
        index = in.readerIndex() + scanned;
        pause = false;
        try {
            while (!pause && step(in, out)) {
                // each step examines the bytes of one state
            }
        } catch (RuntimeException e) {
            discardAll(in);
            throw e;
        } finally {
            scanned = index - in.readerIndex();
        }
    }

    /** Switches to continuation mode; see {@link ImapCommandDecoder#expectContinuation()}. */
    final void enterContinuation() {
        if (state == State.DISCARD) {
            return;
        }
        if (state != State.TAG || scanned != 0 || committed != 0 || command.hasToken()) {
            throw new IllegalStateException("expectContinuation() called in the middle of a command");
        }
        state = State.CONTINUATION;
    }

    /** Runs the current state; false when it needs more bytes. */
    private boolean step(ByteBuf in, List<Object> out) {
        if (state == State.DISCARD) {
            return decodeDiscard(in);
        }
        int limit = in.readerIndex() + (int) Math.min(in.readableBytes(), (long) maxCommandLength - committed);
        if (index >= limit) {
            if (index < in.writerIndex()) {
                emit(out, new ImapDecodeError(command.tag(), "too long command", true));
                discardAll(in);
                return true;
            }
            return false;
        }
        return switch (state) {
            case SKIP_LINE -> decodeSkipLine(in, limit, out);
            case CONTINUATION -> decodeContinuation(in, limit, out);
            case DISCARD -> decodeDiscard(in);
            default -> decodeCommandState(in, limit, out);
        };
    }

    private boolean decodeSkipLine(ByteBuf in, int limit, List<Object> out) {
        while (index < limit) {
            byte b = in.getByte(index++);
            if (b == LF) {
                boolean mustClose = tail == NON_SYNC_TAIL;
                in.readerIndex(index);
                emit(out, new ImapDecodeError(command.tag(), errorReason, mustClose));
                if (mustClose) {
                    discardAll(in);
                } else {
                    reset();
                }
                return true;
            }
            if (b != CR) {
                tail = ((tail << 8) | (b & 0xFF)) & 0xFFFF;
            }
        }
        return true;
    }

    private boolean decodeContinuation(ByteBuf in, int limit, List<Object> out) {
        int lf = in.indexOf(index, limit, LF);
        if (lf < 0) {
            index = limit;
            return true;
        }
        int start = in.readerIndex();
        int end = lf > start && in.getByte(lf - 1) == CR ? lf - 1 : lf;
        String line = WireText.decode(ByteBufUtil.getBytes(in, start, end - start));
        index = lf + 1;
        in.readerIndex(index);
        emit(out, new ImapContinuation(line));
        reset();
        pause = true;
        return true;
    }

    private boolean decodeDiscard(ByteBuf in) {
        discardAll(in);
        return false;
    }

    /** The line is invalid: skip to its end (the current byte is not consumed). */
    final boolean fail(String reason) {
        errorReason = reason;
        tail = 0;
        state = State.SKIP_LINE;
        return true;
    }

    /** Consumes the examined bytes of the current command, keeping the command's state. */
    final void commit(ByteBuf in) {
        committed += index - in.readerIndex();
        in.readerIndex(index);
    }

    final void emit(List<Object> out, Object message) {
        out.add(message);
        if (isSingleDecode()) {
            pause = true;
        }
    }

    /** Fatal error: drop the command and every byte that is or will be buffered. */
    final void discardAll(ByteBuf in) {
        reset();
        state = State.DISCARD;
        in.skipBytes(in.readableBytes());
        index = in.readerIndex();
    }

    /** Forgets the current command and waits for the next tag. */
    final void reset() {
        command.reset();
        state = State.TAG;
        committed = 0;
        errorReason = null;
        tail = 0;
    }
}
