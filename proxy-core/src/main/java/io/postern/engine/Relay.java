package io.postern.engine;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateHandler;
import io.postern.spi.CloseReason;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The post-login fast path: bytes are copied between the client and the upstream as they
 * come, with nothing parsed and nothing copied beyond Netty's own buffers. Backpressure
 * follows writability: when one side cannot keep up, the other stops reading until it
 * drains. When either side closes, what is pending for the other is flushed, then it is
 * closed too.
 */
public final class Relay {

    static final String CLIENT_LIFECYCLE = "lifecycle";
    static final String RELAY = "relay";
    static final String PROXY_TIMEOUT = "proxy-timeout";

    private Relay() {
    }

    /**
     * Switches a logged-in session to relaying. Call it on the event loop, after writing the
     * login reply to the client: every pre-login handler of both pipelines is removed, and
     * bytes their decoders still hold (commands the client pipelined behind its login,
     * anything the upstream sent after its reply) flow on through the relay, in order.
     */
    public static void start(Session session, Channel upstream) {
        Channel client = session.client();
        session.client().pipeline().addLast(RELAY, new RelayHandler(session, upstream, true));
        upstream.pipeline().addLast(RELAY, new RelayHandler(session, client, false));
        // An upstream's TLS handler stays (it is first, named UPSTREAM_SSL); a plain one has none.
        removeAllBefore(upstream.pipeline(), UpstreamTlsStarter.SSL);
        removeAllBefore(client.pipeline(), CLIENT_LIFECYCLE);
        long idle = session.settings().proxyTimeout().toMillis();
        // All-idle on the client channel: a read from the client or a completed write to it
        // (the upstream's traffic) both count, so an IDLE session fed by the server stays up.
        client.pipeline().replace(SessionInitializer.PRE_LOGIN_TIMEOUT, PROXY_TIMEOUT,
                new IdleStateHandler(0, 0, idle, TimeUnit.MILLISECONDS));
        client.config().setAutoRead(true);
        upstream.config().setAutoRead(true);
        client.flush();
    }

    /**
     * Removes the handlers between {@code keep} (or the head, when the pipeline has no handler
     * of that name) and the relay handler, the one
     * nearest the relay first: a decoder removed after the handler that consumed its output
     * passes its remaining bytes straight to the relay.
     */
    private static void removeAllBefore(ChannelPipeline pipeline, String keep) {
        List<String> names = new ArrayList<>(pipeline.names());
        int from = keep == null ? 0 : names.indexOf(keep) + 1;
        int relay = names.indexOf(RELAY);
        for (int i = relay - 1; i >= from; i--) {
            ChannelHandler handler = pipeline.get(names.get(i));
            if (handler != null) {
                pipeline.remove(handler);
            }
        }
    }

    /** Copies what one channel reads into its peer. */
    private static final class RelayHandler extends ChannelInboundHandlerAdapter {
        private final Session session;
        private final Channel peer;
        private final boolean clientSide;

        RelayHandler(Session session, Channel peer, boolean clientSide) {
            this.session = session;
            this.peer = peer;
            this.clientSide = clientSide;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            peer.write(msg, peer.voidPromise());
            if (!peer.isWritable()) {
                // Stop reading before flushing: a flush that drains the peer at once fires the
                // writability event now, and that event must find reading off to turn it on.
                ctx.channel().config().setAutoRead(false);
                peer.flush();
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            peer.flush();
            ctx.fireChannelReadComplete();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            // This channel drained: let its peer read again.
            if (ctx.channel().isWritable()) {
                peer.config().setAutoRead(true);
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            session.closing(clientSide ? CloseReason.CLIENT_CLOSED : CloseReason.UPSTREAM_CLOSED, "");
            closeOnFlush(peer);
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            session.log().debug("{} connection failed: {}", clientSide ? "client" : "upstream", cause.toString());
            session.closing(clientSide ? CloseReason.CLIENT_CLOSED : CloseReason.UPSTREAM_CLOSED, cause.toString());
            ctx.close();
        }
    }

    /** Closes {@code channel} once everything written to it has been flushed. */
    static void closeOnFlush(Channel channel) {
        if (channel.isActive()) {
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
