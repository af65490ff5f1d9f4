package io.postern.engine;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageEncoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.util.NetUtil;
import io.postern.config.UpstreamProxyProtocol;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * {@code proxy_protocol on | v2} toward upstreams (nginx's
 * {@code ngx_mail_proxy_send_proxy_protocol}): a PROXY header with the client's (real)
 * address and the address it connected to, encoded by Netty's {@link HAProxyMessageEncoder}
 * into one buffer and written as the first bytes of the upstream connection, before the
 * protocol's login reads the greeting and before any TLS. When one address is IPv6 and the
 * other IPv4, the IPv4 one is sent IPv4-mapped so the header stays of one family.
 */
final class ProxyProtocolWriter {

    private static final String ENCODER = "proxy-protocol-encoder";

    private ProxyProtocolWriter() {
    }

    /** Writes the header for {@code session} on {@code upstream}; call on its event loop, before anything else. */
    static ChannelFuture write(Session session, Channel upstream, UpstreamProxyProtocol version) {
        HAProxyMessage header;
        try {
            header = header(version, session.clientAddress(), session.localAddress());
        } catch (IllegalArgumentException e) {
            return upstream.newFailedFuture(e);
        }
        upstream.pipeline().addFirst(ENCODER, HAProxyMessageEncoder.INSTANCE);
        try {
            return upstream.writeAndFlush(header);
        } finally {
            upstream.pipeline().remove(ENCODER);
        }
    }

    static HAProxyMessage header(UpstreamProxyProtocol version, InetSocketAddress client, InetSocketAddress local) {
        boolean v6 = client.getAddress() instanceof Inet6Address || local.getAddress() instanceof Inet6Address;
        return new HAProxyMessage(version == UpstreamProxyProtocol.V2 ? HAProxyProtocolVersion.V2
                : HAProxyProtocolVersion.V1, HAProxyCommand.PROXY,
                v6 ? HAProxyProxiedProtocol.TCP6 : HAProxyProxiedProtocol.TCP4,
                text(client.getAddress(), v6), text(local.getAddress(), v6), client.getPort(), local.getPort());
    }

    /** The address without an IPv6 scope, IPv6 compressed (RFC 5952). */
    private static String text(InetAddress address, boolean v6) {
        if (v6 && address instanceof Inet4Address) {
            return "::ffff:" + address.getHostAddress();
        }
        return NetUtil.toAddressString(address);
    }
}
