package io.postern.relay;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.postern.spi.CloseReason;
import io.postern.spi.filter.ResponseVerdict;
import java.io.IOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The handler after one side's decoder in a framed relay, for the three protocols: takes the
 * frames, and keeps the raw relay's rules for that side (flush at the end of a read, the peer
 * reads again when this side drains, one end for both sides). Every frame is released after
 * {@link #onFrame}: a subclass that passes a frame's bytes on retains them. A frame that arrives
 * after the session ended is dropped; a failing filter ({@link FilterFailure}) or a failure of
 * the relay itself ends the session with the protocol's goodbye and
 * {@link CloseReason#INTERNAL_ERROR}; an I/O error is the connection closing.
 */
public abstract class FramedSide extends ChannelInboundHandlerAdapter {

    protected final FramedConnection connection;
    /** This side's decoder, paused while a filter's verdict is still to come. */
    protected final FrameDecoder decoder;
    /** The frame whose filter verdict is still to come, held until it comes or the session ends. */
    private Object awaiting;

    protected FramedSide(FramedConnection connection, FrameDecoder decoder) {
        this.connection = connection;
        this.decoder = decoder;
        connection.onEnd(() -> {
            if (awaiting != null) {
                ReferenceCountUtil.release(awaiting);
                awaiting = null;
            }
        });
    }

    /**
     * Carries out the chain's {@code decision} on a command now or, when a filter answered
     * {@code later}, once it comes: see {@link #whenLater}.
     */
    protected final <C, R> void whenDecided(Object frame, FilterChain.Decision<C, R> decision,
                                            Consumer<FilterChain.Decision<C, R>> then) {
        if (decision.pending()) {
            whenLater(frame, decision.later(), then);
        } else {
            then.accept(decision);
        }
    }

    /** Carries out the chain's {@code verdict} on a response now or once it comes: see {@link #whenLater}. */
    protected final <R> void whenDecided(Object frame, ResponseVerdict<R> verdict,
                                         Consumer<ResponseVerdict<R>> then) {
        if (verdict instanceof ResponseVerdict.Later<R> later) {
            whenLater(frame, later.verdict(), then);
        } else {
            then.accept(verdict);
        }
    }

    /**
     * A filter answered {@code later}: this side reads and decodes nothing more (the frames keep
     * their order) until {@code decision} completes, then {@code then} carries it out on the
     * session's event loop, whatever thread completed it. A decision that fails, or that does not
     * come within the server's {@code timeout}, ends the session with the protocol's goodbye.
     *
     * @param frame the frame being handled, kept until then
     */
    private <T> void whenLater(Object frame, CompletionStage<T> decision, Consumer<T> then) {
        awaiting = ReferenceCountUtil.retain(frame);
        decoder.pause(ReadGate.Reason.AWAITING_FILTER);
        EventLoop loop = connection.client().eventLoop();
        ScheduledFuture<?> timer = loop.schedule(() -> {
            if (awaiting == frame) {
                connection.log().error("post-login filter: no verdict within {}", connection.verdictTimeout());
                connection.goodbye(FilterFailure.GOODBYE, CloseReason.INTERNAL_ERROR, "no filter verdict in time");
            }
        }, connection.verdictTimeout().toMillis(), TimeUnit.MILLISECONDS);
        decision.whenComplete((decided, error) -> loop.execute(() -> {
            timer.cancel(false);
            if (awaiting != frame) {
                return; // the session ended meanwhile and released it
            }
            awaiting = null;
            try {
                if (error != null) {
                    Throwable cause = error instanceof CompletionException && error.getCause() != null
                            ? error.getCause() : error;
                    throw cause instanceof FilterFailure failure ? failure
                            : new FilterFailure("a later verdict failed: " + cause);
                }
                if (decided == null) {
                    throw new FilterFailure("a later verdict completed with null");
                }
                then.accept(decided);
            } catch (RuntimeException e) {
                failed(e);
            } finally {
                ReferenceCountUtil.release(frame);
            }
            afterFrame();
            decoder.resume(ReadGate.Reason.AWAITING_FILTER);
            connection.flush();
        }));
    }

    /** Handles one frame of this side's decoder. */
    protected abstract void onFrame(Object frame);

    /** A filter's {@code Close}: the client gets the protocol's goodbye with {@code message}. */
    protected final void closedByFilter(String message) {
        connection.goodbye(message, CloseReason.PROTOCOL_ERROR, "closed by a post-login filter");
    }

    /** The upstream sent what cannot be framed: the session ends, the client told why. */
    protected final void upstreamFramingLost(String detail) {
        connection.log().warn("upstream framing lost: {}", detail);
        connection.goodbye("Upstream protocol error", CloseReason.UPSTREAM_ERROR, detail);
    }

    /** {@code text} and CRLF, to answer the client with. */
    protected final ByteBuf line(String text) {
        return Lines.encode(connection.client().alloc(), text);
    }

    /** A filter's verdict cannot be carried out: the session ends as if the filter failed. */
    protected static void misbehaved(String what) {
        throw new FilterFailure(what);
    }

    /** After each frame was handled and released, even when the session ended meanwhile. */
    protected void afterFrame() {
    }

    @Override
    public final void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (!connection.ended()) {
                onFrame(msg);
            }
        } catch (RuntimeException e) {
            failed(e);
        } finally {
            ReferenceCountUtil.release(msg);
        }
        afterFrame();
    }

    /** A filter failed ({@link FilterFailure}) or the relay itself did: the session ends. */
    private void failed(RuntimeException e) {
        if (e instanceof FilterFailure) {
            connection.log().error("post-login filter: {}", e.getMessage());
            connection.goodbye(FilterFailure.GOODBYE, CloseReason.INTERNAL_ERROR, e.getMessage());
        } else {
            connection.log().error("framed relay failed: {}", e.toString());
            connection.goodbye(FilterFailure.GOODBYE, CloseReason.INTERNAL_ERROR, e.toString());
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        connection.flush();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            connection.writable(ctx.channel());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        connection.closed(ctx.channel(), "");
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        boolean client = ctx.channel() == connection.client();
        if (!(cause instanceof IOException || cause instanceof DecoderException)) {
            // Neither the network nor TLS: the relay's own failure (a decoder that threw).
            connection.log().error("relaying the {}'s bytes failed: {}", client ? "client" : "upstream", cause.toString());
            connection.goodbye(FilterFailure.GOODBYE, CloseReason.INTERNAL_ERROR, cause.toString());
            return;
        }
        connection.log().debug("{} connection failed: {}", client ? "client" : "upstream", cause.toString());
        connection.closed(ctx.channel(), cause.toString());
        ctx.close();
    }
}
