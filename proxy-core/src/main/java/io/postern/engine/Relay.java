package io.postern.engine;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandler;
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
     * Switches a logged-in session to relaying, the upstream's reply to the login first. Call it
     * on the event loop: when a post-login filter wants the session, or its protocol's own rule
     * requires it, the session gets the framed relay of its protocol (and the reply goes through
     * the filters); otherwise bytes, the reply's first, are relayed raw.
     *
     * @param loginReply the upstream's answer to the login, owned by the relay from here
     */
    public static void start(Session session, Channel upstream, ByteBuf loginReply) {
        if (!session.postLogin().startFiltered(session, upstream, loginReply)) {
            ClientGoodbye goodbye = new ClientGoodbye();
            install(session, upstream, new ChannelHandler[] {new RelayHandler(session, upstream, true, goodbye)},
                    new ChannelHandler[] {new RelayHandler(session, session.client(), false, goodbye)}, loginReply);
        }
    }

    /**
     * Replaces the pre-login handlers of both pipelines with relay handlers and starts reading:
     * every pre-login handler is removed, and bytes their decoders still hold (commands the
     * client pipelined behind its login, anything the upstream sent after its reply) flow on
     * into the new handlers, in order. The upstream's reply to the login is the first thing the
     * upstream's new handlers read, before what the upstream sent after it and before anything
     * of the client's is read. The pre-login timer goes with them, and {@code proxy_timeout}
     * takes over. The framed relays of the protocols install themselves through this too.
     *
     * @param clientHandlers added last on the client's pipeline (a decoder first)
     * @param upstreamHandlers added last on the upstream's pipeline
     * @param loginReply the upstream's answer to the login, owned from here
     */
    public static void install(Session session, Channel upstream, ChannelHandler[] clientHandlers,
                               ChannelHandler[] upstreamHandlers, ByteBuf loginReply) {
        Channel client = session.client();
        String clientFirst = addAll(client.pipeline(), clientHandlers);
        String upstreamFirst = addAll(upstream.pipeline(), upstreamHandlers);
        // Read as if the upstream sent it now: it goes to the client before anything else,
        // through the framed relay's filters when there are some.
        readFirst(upstream.pipeline().context(upstreamFirst), loginReply);
        // An upstream's TLS handler stays (it is first, named UPSTREAM_SSL); a plain one has none.
        removeBetween(upstream.pipeline(), UpstreamTlsStarter.SSL, upstreamFirst);
        removeBetween(client.pipeline(), CLIENT_LIFECYCLE, clientFirst);
        session.relayed(); // an idle session keeps nothing of the pre-login timer and little of its login
        long idle = session.settings().proxyTimeout().toMillis();
        // All-idle on the client channel: a read from the client or a completed write to it
        // (the upstream's traffic) both count, so an IDLE session fed by the server stays up.
        // Before the lifecycle handler, which its events must reach.
        client.pipeline().addBefore(CLIENT_LIFECYCLE, PROXY_TIMEOUT, new IdleStateHandler(0, 0, idle,
                TimeUnit.MILLISECONDS));
        client.config().setAutoRead(true);
        upstream.config().setAutoRead(true);
        client.flush();
    }

    /** {@code bytes} read by the handler of {@code first} itself, as the next bytes of its channel. */
    private static void readFirst(ChannelHandlerContext first, ByteBuf bytes) {
        try {
            ((ChannelInboundHandler) first.handler()).channelRead(first, bytes);
        } catch (Exception e) {
            first.fireExceptionCaught(e);
        }
    }

    /** Adds the handlers as {@code relay}, {@code relay-1}, …; returns the first one's name. */
    private static String addAll(ChannelPipeline pipeline, ChannelHandler[] handlers) {
        for (int i = 0; i < handlers.length; i++) {
            pipeline.addLast(i == 0 ? RELAY : RELAY + "-" + i, handlers[i]);
        }
        return RELAY;
    }

    /**
     * Removes the handlers between {@code keep} (or the head, when the pipeline has no handler
     * of that name) and {@code first}, the one nearest {@code first} first: a decoder removed
     * after the handler that consumed its output passes its remaining bytes on to the relay.
     */
    private static void removeBetween(ChannelPipeline pipeline, String keep, String first) {
        List<String> names = new ArrayList<>(pipeline.names());
        int from = keep == null ? 0 : names.indexOf(keep) + 1;
        int relay = names.indexOf(first);
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
        private final ClientGoodbye goodbye;

        RelayHandler(Session session, Channel peer, boolean clientSide, ClientGoodbye goodbye) {
            this.session = session;
            this.peer = peer;
            this.clientSide = clientSide;
            this.goodbye = goodbye;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (clientSide && msg instanceof ByteBuf bytes) {
                goodbye.saw(bytes);
            }
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
            // After the client's LOGOUT or QUIT, whichever side closes first, the client quit.
            session.closing(goodbye.saidGoodbye() ? CloseReason.CLIENT_QUIT
                    : clientSide ? CloseReason.CLIENT_CLOSED : CloseReason.UPSTREAM_CLOSED, "");
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
