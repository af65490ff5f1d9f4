package io.postern.imap.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * The buffer and read loop under the post-login IMAP decoders: the bytes received are gathered
 * in one buffer and {@link #decode} is asked for one message at a time, each passed on before
 * the next is decoded, so that the handler can {@link #hold} the decoder in time. While held
 * the decoder decodes nothing (the client's decoder waits so while the upstream has to answer
 * a literal's header first); {@link #resume} decodes what arrived meanwhile.
 *
 * <p>Unlike Netty's {@code ByteToMessageDecoder}, a message may be produced without consuming
 * bytes (a literal's continuation request, whose header stays part of the command being read),
 * and the decoder never asks for a read itself: when the channel reads is the relay's business
 * ({@link io.postern.relay.ReadGate}).
 */
abstract class FramingDecoder extends ChannelInboundHandlerAdapter {

    private ByteBuf buffer;
    private ChannelHandlerContext context;
    private boolean held;
    private boolean decoding;
    private boolean inputClosed;
    private boolean fired;

    /**
     * The next message, or {@code null} when more bytes are needed. It may consume bytes and
     * return {@code null} (skipping an invalid line); the bytes of a message it has not
     * finished stay in {@code in}, unread.
     */
    abstract Object decode(ByteBuf in);

    /** Stops decoding until {@link #resume}. Call it on the event loop. */
    final void hold() {
        held = true;
    }

    final boolean isHeld() {
        return held;
    }

    /**
     * Decodes again, starting with what arrived while held; the messages go down the pipeline at
     * once, followed by a read-complete so that the relay flushes. Safe to call from a handler
     * of this decoder's own messages.
     */
    final void resume() {
        if (!held) {
            return;
        }
        held = false;
        if (context != null && !context.isRemoved() && buffer != null) {
            fired = false;
            decodeAll(context);
            if (fired) {
                context.fireChannelReadComplete();
            }
        }
    }

    /** The bytes received and not yet consumed, for tests of bounded memory. */
    final int buffered() {
        return buffer == null ? 0 : buffer.readableBytes();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        context = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf bytes)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (inputClosed) {
            bytes.release();
            return;
        }
        buffer = buffer == null ? bytes : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), buffer, bytes);
        decodeAll(ctx);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (buffer != null && buffer.refCnt() == 1) {
            // Only when no slice of it is still on its way out.
            buffer.discardSomeReadBytes();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        inputClosed = true;
        if (!decoding) {
            releaseBuffer();
        }
        ctx.fireChannelInactive();
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

    private void decodeAll(ChannelHandlerContext ctx) {
        if (decoding) {
            return; // a resume from inside the loop: the loop goes on by itself
        }
        decoding = true;
        try {
            while (!held && !inputClosed && buffer != null && !ctx.isRemoved()) {
                Object message = decode(buffer);
                if (message == null) {
                    break;
                }
                fired = true;
                ctx.fireChannelRead(message);
            }
        } catch (RuntimeException e) {
            releaseBuffer();
            inputClosed = true;
            ctx.fireExceptionCaught(e);
        } finally {
            decoding = false;
            if (inputClosed || buffer != null && !buffer.isReadable()) {
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
