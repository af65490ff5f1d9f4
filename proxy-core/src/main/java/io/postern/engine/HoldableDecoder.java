package io.postern.engine;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * A pre-login command decoder that can be held: while held it parses nothing, so what the
 * client sends stays bytes in its buffer. A protocol handler holds it when a login starts:
 * commands pipelined behind a successful login then reach the upstream unparsed (the handler
 * removes the decoder, which hands its buffer on), and after a failed one they are answered
 * in order ({@link #resume}). nginx gets the same effect by blocking its session.
 *
 * <p>Subclasses emit at most what the handler may act on before the next command is parsed:
 * the handler receives each message before {@link #decodeUnheld} runs again, so it can hold
 * in time.
 */
public abstract class HoldableDecoder extends ByteToMessageDecoder {

    private final int maxBufferedWhileHeld;
    private boolean held;
    private boolean decoding;
    private ChannelHandlerContext decoderContext;

    /**
     * @param maxBufferedWhileHeld past this many buffered bytes while held, the client is not
     *     read from until resumed (its input waits in the kernel instead of the heap)
     */
    protected HoldableDecoder(int maxBufferedWhileHeld) {
        this.maxBufferedWhileHeld = maxBufferedWhileHeld;
    }

    /** Decodes as {@link #decode} would; not called while held. */
    protected abstract void decodeUnheld(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception;

    /** Stops parsing until {@link #resume}. Call it on the event loop while handling a message. */
    public final void hold() {
        held = true;
    }

    /**
     * Parses again, starting with the bytes buffered while held, answering them through the
     * pipeline at once and then signalling read-complete so the handler flushes. Call it on
     * the event loop.
     */
    public final void resume(ChannelHandlerContext ctx) {
        if (!held) {
            return;
        }
        held = false;
        ctx.channel().config().setAutoRead(true);
        if (!decoding && decoderContext != null && !decoderContext.isRemoved() && internalBuffer().isReadable()) {
            // Re-enter the normal read path with nothing new: the decoder parses its buffer.
            try {
                channelRead(decoderContext, Unpooled.EMPTY_BUFFER);
                channelReadComplete(decoderContext);
            } catch (Exception e) {
                decoderContext.fireExceptionCaught(e);
            }
        }
    }

    /**
     * Drops every byte received and not yet parsed. Called while handling STARTTLS (the
     * decoder stops after it): whatever the client pipelined behind the command arrived in
     * plain text and must never be executed once TLS is up (CVE-2011-0411, CVE-2014-3556).
     * Subclasses must be between commands when this is called.
     */
    public final void discardBuffered() {
        ByteBuf buffered = internalBuffer();
        buffered.skipBytes(buffered.readableBytes());
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        decoderContext = ctx;
        super.handlerAdded(ctx);
    }

    @Override
    protected final void callDecode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        decoding = true; // a resume from inside the read path must not re-enter it
        try {
            super.callDecode(ctx, in, out);
        } finally {
            decoding = false;
        }
    }

    @Override
    protected final void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (held) {
            if (in.readableBytes() > maxBufferedWhileHeld) {
                ctx.channel().config().setAutoRead(false);
            }
            return;
        }
        decodeUnheld(ctx, in, out);
    }
}
