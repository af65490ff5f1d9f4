package io.postern.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.EnumSet;
import java.util.Set;

/**
 * The one base of the framed relay's decoders, client and upstream, for the three protocols:
 * gathers what a channel reads and cuts it into frames, one {@link #decode} step at a time, each
 * frame handed to the next handler at once, so that the handler can {@linkplain #pause() pause}
 * the decoder between two frames (an SMTP client's {@code DATA} until the server's {@code 354};
 * an IMAP literal until the upstream's {@code +}).
 *
 * <p>Not a {@code ByteToMessageDecoder}: that one asks the channel for another read whenever a
 * read yielded no message while {@code autoRead} is off, so a paused decoder would go on
 * buffering whatever the peer sends. Here a pause closes the channel's {@link ReadGate} for
 * {@link ReadGate.Reason#AWAITING_PEER} and nothing more is read until {@link #resume()}. A step
 * may emit a frame without consuming bytes (an IMAP literal's continuation request, whose header
 * stays part of the command being read).
 *
 * <p>Frames that carry bytes hold retained slices of the buffer: what passes through is never
 * copied. Bytes are copied only when a read ends inside a frame and the next read must be
 * appended to the rest. Removed from the pipeline, the decoder hands the bytes it has not cut on
 * to the next handler. A step that throws ends the input: the failure goes down the pipeline as
 * an exception and nothing more is decoded. Used on the channel's event loop only.
 */
public abstract class FrameDecoder extends ChannelInboundHandlerAdapter {

    /** {@link #commandLine}: the line held a bare CR and was refused. */
    protected static final int REFUSED = -3;

    private ReadGate gate;
    private ChannelHandlerContext context;
    private ByteBuf buffer;
    private final Set<ReadGate.Reason> pauses = EnumSet.noneOf(ReadGate.Reason.class);
    private boolean decoding;
    private boolean inputClosed;
    /** Framing was lost or the session ends: whatever comes is dropped unread. */
    private boolean discarding;

    /** @param gate the channel's read gate; {@code null} for one of the decoder's own, made when it is added */
    protected FrameDecoder(ReadGate gate) {
        this.gate = gate;
    }

    /**
     * Cuts what it can from {@code in}, starting at its reader index: emits zero or more frames
     * with {@link #emit} and moves the reader index past the bytes they took.
     *
     * @return whether it made progress (consumed bytes, emitted a frame or changed state); the
     *     decoder calls it again while it does and bytes remain
     */
    protected abstract boolean decode(ByteBuf in);

    /** Hands a frame to the next handler now. */
    protected final void emit(Object frame) {
        context.fireChannelRead(frame);
    }

    /** The allocator of the decoder's channel, for the frames it builds. */
    protected final ByteBufAllocator alloc() {
        return context.alloc();
    }

    /**
     * The input cannot be framed any more (where the next frame starts is unknown): emits
     * {@code FramingError(kind, detail)} and drops everything after it.
     *
     * @return true, the progress {@link #decode} reports
     */
    protected final boolean fail(ByteBuf in, FramingError.Kind kind, String detail) {
        discardInput();
        in.skipBytes(in.readableBytes());
        emit(new FramingError(kind, detail));
        return true;
    }

    /**
     * The LF ending the command line at {@code in}'s reader index, or a negative number when
     * there is none to frame now: {@link Lines#INCOMPLETE}; {@link Lines#TOO_LONG} past
     * {@code maxLength}, when framing is lost ({@link #fail}); {@link #REFUSED} for a line that
     * holds a bare CR, skipped and refused with a {@link RefusedLine}.
     */
    protected final int commandLine(ByteBuf in, int maxLength, String tooLong) {
        int start = in.readerIndex();
        int lf = Lines.end(in, start, maxLength);
        if (lf == Lines.TOO_LONG) {
            fail(in, FramingError.Kind.TOO_LONG, tooLong);
        } else if (lf >= 0 && Lines.hasStrayCr(in, start, Lines.textEnd(in, start, lf))) {
            in.readerIndex(lf + 1);
            emit(new RefusedLine("a command line holds a bare CR"));
            return REFUSED;
        }
        return lf;
    }

    /**
     * Emits what {@code in} holds of a dot-terminated payload (a POP3 body, SMTP message data)
     * up to {@code end}, {@code terminator}'s scan result: {@link StreamChunk}s as the bytes
     * come, a {@code .} or {@code .CR} at the end held back until the next read tells whether
     * it ends the payload; at the end, {@code ended} runs and a {@link StreamEnd} carries the
     * {@code .CRLF}.
     *
     * @return whether it made progress
     */
    protected final boolean dotPayload(ByteBuf in, int end, DotTerminator terminator, Runnable ended) {
        int start = in.readerIndex();
        if (end != DotTerminator.NOT_FOUND) {
            if (end - 3 > start) {
                emit(new StreamChunk(in.readRetainedSlice(end - 3 - start)));
            }
            ended.run();
            emit(new StreamEnd(in.readRetainedSlice(3)));
            return true;
        }
        int available = in.readableBytes() - terminator.pending();
        terminator.rewindPending();
        if (available <= 0) {
            return false;
        }
        emit(new StreamChunk(in.readRetainedSlice(available)));
        return true;
    }

    /** Cuts nothing more: whatever is buffered or comes is dropped unread (the session is ending). */
    public final void discardInput() {
        discarding = true;
    }

    /** Stops cutting frames, and reading, until {@link #resume()}; bytes already read stay buffered. */
    public final void pause() {
        pause(ReadGate.Reason.AWAITING_PEER);
    }

    /** Cuts frames again once no other reason holds them: see {@link #resume(ReadGate.Reason)}. */
    public final void resume() {
        resume(ReadGate.Reason.AWAITING_PEER);
    }

    /**
     * Stops cutting frames, and reading, for {@code reason} ({@link ReadGate.Reason#AWAITING_PEER},
     * {@link ReadGate.Reason#AWAITING_FILTER}) until resumed for it; bytes already read stay
     * buffered.
     */
    public final void pause(ReadGate.Reason reason) {
        pauses.add(reason);
        gate.close(reason);
    }

    /**
     * Ends {@code reason}'s pause; when no other holds, cuts frames again, starting with the
     * bytes buffered while paused, then reads on. When called outside the decoder's own read
     * (from the peer's handler, a filter's late verdict), the frames it cuts are followed by a
     * read-complete event so the handlers after it flush.
     */
    public final void resume(ReadGate.Reason reason) {
        if (!pauses.remove(reason)) {
            return;
        }
        gate.open(reason);
        if (pauses.isEmpty()) {
            decodeBufferedNow();
        }
    }

    /**
     * Cuts frames from the bytes already buffered, outside the decoder's own read, then signals
     * read-complete so the handlers after it flush.
     */
    protected final void decodeBufferedNow() {
        if (!decoding && context != null && !context.isRemoved() && buffer != null) {
            decodeBuffered();
            context.fireChannelReadComplete();
        }
    }

    /**
     * Drops every byte received and not yet cut. Called while handling a frame, between two
     * frames: whatever a client pipelined behind STARTTLS arrived in plain text and must never
     * be executed once TLS is up (CVE-2011-0411, CVE-2014-3556).
     */
    public final void discardBuffered() {
        if (buffer != null) {
            buffer.skipBytes(buffer.readableBytes());
        }
    }

    /** Whether the decoder is paused, for any reason. */
    protected final boolean isPaused() {
        return !pauses.isEmpty();
    }

    /** How many bytes are buffered, not yet cut into frames (for tests that bound memory). */
    public final int buffered() {
        return buffer == null ? 0 : buffer.readableBytes();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        context = ctx;
        if (gate == null) {
            gate = new ReadGate(ctx.channel());
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (inputClosed) {
            in.release();
            return;
        }
        append(in);
        if (pauses.isEmpty()) {
            decodeBuffered();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        inputClosed = true;
        if (!decoding) {
            releaseBuffer();
        }
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        ByteBuf rest = buffer;
        buffer = null;
        if (rest == null) {
            return;
        }
        if (rest.isReadable() && !inputClosed) {
            ctx.fireChannelRead(rest);
            ctx.fireChannelReadComplete();
        } else {
            rest.release();
        }
    }

    private void append(ByteBuf in) {
        if (buffer == null) {
            buffer = in;
            return;
        }
        int needed = buffer.readableBytes() + in.readableBytes();
        if (buffer.refCnt() == 1 && !buffer.isReadOnly() && buffer.maxFastWritableBytes() >= in.readableBytes()) {
            // No frame shares this buffer and there is room: append in place.
            buffer.writeBytes(in);
            in.release();
            return;
        }
        ByteBuf merged = context.alloc().buffer(context.alloc().calculateNewCapacity(needed, Integer.MAX_VALUE));
        merged.writeBytes(buffer).writeBytes(in);
        buffer.release();
        in.release();
        buffer = merged;
    }

    private void decodeBuffered() {
        decoding = true;
        try {
            while (pauses.isEmpty() && !inputClosed && buffer != null && buffer.isReadable() && !context.isRemoved()) {
                if (discarding) {
                    buffer.skipBytes(buffer.readableBytes());
                } else if (!decode(buffer)) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            inputClosed = true;
            context.fireExceptionCaught(e);
        } finally {
            decoding = false;
            if (buffer != null && (inputClosed || !buffer.isReadable())) {
                releaseBuffer();
            }
        }
    }

    private void releaseBuffer() {
        if (buffer != null) {
            buffer.release();
            buffer = null;
        }
    }
}
