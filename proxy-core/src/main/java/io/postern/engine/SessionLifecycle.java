package io.postern.engine;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.timeout.IdleStateEvent;
import io.postern.spi.CloseReason;
import io.postern.spi.SessionSummary;
import io.netty.handler.codec.DecoderException;
import java.io.IOException;
import javax.net.ssl.SSLException;
import java.time.Duration;

/**
 * The first handler of every client pipeline, for the whole session: counts the bytes both
 * ways, ends the session on {@code proxy_timeout}, closes the upstream when the client goes, and
 * reports the end to the LOG phase with the reason.
 */
final class SessionLifecycle extends ChannelDuplexHandler {

    private final Session session;
    private final SessionEvents events;
    private final Runnable ended;

    SessionLifecycle(Session session, SessionEvents events) {
        this(session, events, () -> { });
    }

    /** @param ended runs once the LOG phase heard of the end (its generation counts its sessions) */
    SessionLifecycle(Session session, SessionEvents events, Runnable ended) {
        this.session = session;
        this.events = events;
        this.ended = ended;
    }

    Session session() {
        return session;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        session.log().debug("connected");
        events.fire(session, l -> l.onOpen(session));
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        session.countFromClient(size(msg));
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        session.countToClient(size(msg));
        ctx.write(msg, promise);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            // Only after login: before it, the LoginTimer closes the session itself.
            session.closing(CloseReason.TIMEOUT, "proxy_timeout expired");
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecoderException && cause.getCause() instanceof SSLException tls) {
            // A client that cannot or will not complete TLS (wrong ALPN, no shared cipher,
            // plain text on an ssl port) is the client's problem, not an internal error.
            session.log().info("TLS handshake with the client failed: {}", tls.getMessage());
            session.closing(CloseReason.PROTOCOL_ERROR, "TLS: " + tls.getMessage());
        } else if (cause instanceof SSLException tls) {
            session.log().info("TLS with the client failed: {}", tls.getMessage());
            session.closing(CloseReason.PROTOCOL_ERROR, "TLS: " + tls.getMessage());
        } else if (cause instanceof IOException) {
            session.closing(CloseReason.CLIENT_CLOSED, cause.getMessage() == null ? "" : cause.getMessage());
        } else {
            session.closing(CloseReason.INTERNAL_ERROR, cause.toString());
            session.log().error("unexpected error", cause);
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        session.closing(CloseReason.CLIENT_CLOSED, "");
        session.upstreamChannel().ifPresent(Relay::closeOnFlush);
        SessionSummary summary = new SessionSummary(session.closeReason().orElseThrow(),
                Duration.ofNanos(session.elapsedNanos()), session.bytesFromClient(), session.bytesToClient(),
                session.authAttempts(), session.closeDetail());
        session.log().info("closed: {}{} after {} ms, {} bytes in, {} bytes out", summary.reason(),
                summary.detail().isEmpty() ? "" : " (" + summary.detail() + ")", summary.duration().toMillis(),
                summary.bytesFromClient(), summary.bytesToClient());
        events.fire(session, l -> l.onClose(session, summary));
        ended.run();
        super.channelInactive(ctx);
    }

    private static long size(Object msg) {
        if (msg instanceof ByteBuf buf) {
            return buf.readableBytes();
        }
        if (msg instanceof ByteBufHolder holder) {
            return holder.content().readableBytes();
        }
        return 0;
    }
}
