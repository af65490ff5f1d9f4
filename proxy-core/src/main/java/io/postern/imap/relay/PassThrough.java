package io.postern.imap.relay;

import io.postern.relay.FramingError;
import io.postern.relay.StreamChunk;
import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;
import java.util.Optional;

/**
 * The part of the stream a decoder relays without parsing, framed by byte counts and line ends
 * only: a streamed literal's bytes ({@link io.postern.relay.StreamChunk}s, never gathered), then the rest of
 * its line and any literals on it ({@link RawPart}s), or a whole message relayed raw. Shared by
 * both decoders; {@link #done()} tells the decoder when the message has ended.
 *
 * <p>A raw line is passed on as it arrives, except from a possible literal header on: it stays
 * in the buffer until the line ends, so that the relay can still turn a {@code {n+}} into
 * {@code {n}}.
 */
final class PassThrough {

    private enum State { IDLE, LITERAL, LINE }

    private final boolean syncLiteralsWait;
    private final LineEndLiteral lineEnd = new LineEndLiteral();
    private State state = State.IDLE;
    private long remaining;
    private boolean seen;
    private boolean discarding;
    private boolean detectLiterals;
    private boolean startsMessage;
    private Optional<String> completes = Optional.empty();
    private int pos;
    /** The offset of the next byte the watcher sees. */
    private int scanned;
    private final ByteProcessor watcher = b -> !lineEnd.feed(b, scanned++);

    /**
     * @param syncLiteralsWait whether a synchronizing literal's bytes come only after a
     *     continuation request (the client's side); a server's literals always follow at once
     */
    PassThrough(boolean syncLiteralsWait) {
        this.syncLiteralsWait = syncLiteralsWait;
    }

    /** The literal that ended a framed message: its bytes, which filters see, then the rest of its line. */
    void literal(long length) {
        state = State.LITERAL;
        remaining = length;
        seen = true;
        discarding = false;
        startsMessage = false;
        completes = Optional.empty();
    }

    /**
     * A message relayed raw: its bytes from the buffer's start, its line scanned from
     * {@code from} (earlier bytes were already framed: gathered literals).
     *
     * @param detectLiterals whether the line may end with a literal's header (not a status
     *     response's or a continuation line's, whose text is free)
     * @param completes the tag of the command the message completes
     */
    void line(int from, boolean detectLiterals, Optional<String> completes) {
        state = State.LINE;
        pos = from;
        lineEnd.reset();
        this.detectLiterals = detectLiterals;
        this.completes = completes;
        startsMessage = true;
        discarding = false;
        seen = false;
    }

    /** Drops the rest of the message instead of passing it on. */
    void discard() {
        discarding = true;
    }

    /** The literal about to be read will not come (its header was refused): the message has ended. */
    void cancelLiteral() {
        if (state == State.LITERAL) {
            state = State.IDLE;
            discarding = false;
        }
    }

    boolean done() {
        return state == State.IDLE;
    }

    /** The next part of the message, or {@code null} when it needs more bytes or has ended. */
    Object decode(ByteBuf in) {
        while (true) {
            State before = state;
            Object message = switch (state) {
                case IDLE -> null;
                case LITERAL -> decodeLiteral(in);
                case LINE -> decodeLine(in);
            };
            if (message != null || state == before) {
                return message;
            }
        }
    }

    private Object decodeLiteral(ByteBuf in) {
        if (remaining == 0) {
            startLine();
            return null;
        }
        int n = (int) Math.min(remaining, in.readableBytes());
        if (n == 0) {
            return null;
        }
        remaining -= n;
        Object message = null;
        if (discarding) {
            in.skipBytes(n);
        } else {
            message = new StreamChunk(in.readRetainedSlice(n), seen);
        }
        if (remaining == 0) {
            startLine();
        }
        return message;
    }

    private void startLine() {
        state = State.LINE;
        pos = 0;
        lineEnd.reset();
        detectLiterals = true;
        seen = false;
    }

    private Object decodeLine(ByteBuf in) {
        int base = in.readerIndex();
        int end = in.writerIndex();
        int lf = -1;
        if (detectLiterals) {
            scanned = pos;
            int found = in.forEachByte(base + pos, end - base - pos, watcher);
            lf = found < 0 ? -1 : found - base;
        } else {
            int found = in.indexOf(base + pos, end, (byte) '\n');
            lf = found < 0 ? -1 : found - base;
        }
        if (lf < 0) {
            pos = end - base;
            int hold = detectLiterals ? lineEnd.candidateStart() : -1;
            return part(in, hold >= 0 ? hold : pos);
        }
        Optional<LiteralMark> literal = Optional.empty();
        if (detectLiterals) {
            if (lineEnd.kind() == LineEndLiteral.Kind.OVERSIZED) {
                state = State.IDLE;
                return new FramingError(FramingError.Kind.TOO_LONG, "a literal length of more than " + LineEndLiteral.MAX_DIGITS + " digits");
            }
            literal = lineEnd.mark(lf);
        }
        return lineEnded(in, lf + 1, literal);
    }

    /** Passes on the first {@code n} bytes of a line that has not ended yet. */
    private Object part(ByteBuf in, int n) {
        if (n == 0) {
            return null;
        }
        pos -= n;
        lineEnd.shift(n);
        if (discarding) {
            in.skipBytes(n);
            return null;
        }
        RawPart part = new RawPart(in.readRetainedSlice(n), startsMessage, false, Optional.empty(), Optional.empty());
        startsMessage = false;
        return part;
    }

    private Object lineEnded(ByteBuf in, int length, Optional<LiteralMark> literal) {
        boolean literalFollows = literal.isPresent()
                && !(discarding && syncLiteralsWait && !literal.get().nonSync());
        Object message = null;
        if (discarding) {
            in.skipBytes(length);
        } else {
            message = new RawPart(in.readRetainedSlice(length), startsMessage, true, literal,
                    literal.isEmpty() ? completes : Optional.empty());
        }
        startsMessage = false;
        pos = 0;
        lineEnd.reset();
        if (literalFollows) {
            state = State.LITERAL;
            remaining = literal.get().length();
            seen = false;
        } else {
            state = State.IDLE;
            discarding = false;
            completes = Optional.empty();
        }
        return message;
    }
}
