package io.postern.engine;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.util.ReferenceCountUtil;
import io.postern.spi.CloseReason;
import io.postern.spi.ProxiedConnection;
import io.postern.spi.WireText;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * The PROXY protocol header of a listener with {@code proxy_protocol} (nginx's
 * {@code ngx_mail_proxy_protocol_handler} and {@code ngx_mail_realip_handler}). Netty's
 * {@link HAProxyMessageDecoder} in front of it reads v1 or v2; this handler holds the
 * session's start ({@code channelActive}: the lifecycle's "connected", the TLS handshake's
 * gate, the greeting) back until the header is in, records its addresses on the session,
 * trusting its source only from a peer in {@code set_real_ip_from}, then lets the session
 * begin and removes itself. A broken header closes the connection without a greeting, and so
 * does none within {@code timeout} (the session's {@link LoginTimer}, which runs from accept);
 * such a connection never became a session, so it is neither opened nor closed for the
 * session listeners.
 */
final class ProxyProtocolReader extends ChannelInboundHandlerAdapter {

    static final String DECODER = "proxy-protocol-decoder";
    static final String READER = "proxy-protocol";

    private final Session session;
    private boolean done;
    /**
     * A header was broken. Netty's decoder closes the channel, but may still decode a header
     * from the bytes behind the broken one as the channel goes inactive: it must not start a
     * session.
     */
    private boolean broken;

    private ProxyProtocolReader(Session session) {
        this.session = session;
    }

    /** Puts the decoder and the reader at the very front of {@code pipeline}, before any TLS. */
    static void install(Session session, ChannelPipeline pipeline) {
        pipeline.addFirst(READER, new ProxyProtocolReader(session));
        pipeline.addFirst(DECODER, new HAProxyMessageDecoder());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // Held back: the session starts once the header has been read.
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (broken) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (done || !(msg instanceof HAProxyMessage)) {
            ctx.fireChannelRead(msg);
            return;
        }
        HAProxyMessage header = (HAProxyMessage) msg;
        try {
            addresses(header).ifPresent(proxied -> {
                InetSocketAddress peer = (InetSocketAddress) ctx.channel().remoteAddress();
                boolean trusted = session.settings().trustsProxyHeaderFrom(peer);
                session.proxied(proxied, trusted);
                session.log().debug("PROXY protocol {} header: client {}, server {}{}", header.protocolVersion(),
                        Addresses.format(proxied.source()), Addresses.format(proxied.destination()),
                        trusted ? "" : " (peer " + Addresses.format(peer) + " not in set_real_ip_from)");
            });
        } finally {
            ReferenceCountUtil.release(header);
        }
        done = true;
        ctx.pipeline().remove(this);
        ctx.fireChannelActive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (done) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        // Netty's decoder closes the channel before it throws: log whether or not it is still open.
        if (!broken) {
            broken = true;
            Throwable root = cause;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            // Netty's message may quote the header's own bytes (an invalid address, say).
            session.log().info("broken PROXY protocol header: {}", WireText.escape(UpstreamConnector.describe(root)));
            session.closing(CloseReason.PROTOCOL_ERROR, "broken PROXY protocol header");
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (done) {
            ctx.fireChannelInactive();
            return;
        }
        // The connection never became a session: nothing downstream saw it start or end.
        if (session.closeReason().orElse(null) == CloseReason.TIMEOUT) {
            session.log().info("no PROXY protocol header within timeout ({} ms)",
                    session.settings().timeout().toMillis());
        }
    }

    /**
     * The header's addresses: none for {@code PROXY UNKNOWN}, a v2 {@code LOCAL} command or a
     * family other than TCP over IPv4 or IPv6 (nginx then keeps the connection's own).
     */
    private static Optional<ProxiedConnection> addresses(HAProxyMessage header) {
        if (header.command() != HAProxyCommand.PROXY) {
            return Optional.empty();
        }
        HAProxyProxiedProtocol protocol = header.proxiedProtocol();
        if (protocol != HAProxyProxiedProtocol.TCP4 && protocol != HAProxyProxiedProtocol.TCP6) {
            return Optional.empty();
        }
        return Optional.of(new ProxiedConnection(
                new InetSocketAddress(Addresses.literal(header.sourceAddress()), header.sourcePort()),
                new InetSocketAddress(Addresses.literal(header.destinationAddress()), header.destinationPort())));
    }
}
