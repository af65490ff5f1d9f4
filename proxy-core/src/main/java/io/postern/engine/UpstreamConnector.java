package io.postern.engine;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.Promise;
import io.postern.spi.UpstreamAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Connects a session to its upstream: on the client's event loop (so the two channels never
 * need a lock or a thread hop), with host names resolved asynchronously, trying each
 * candidate in turn until one accepts (failover).
 */
final class UpstreamConnector {

    /**
     * Installs nothing: the protocol's upstream login installs its handlers once connected. One
     * for all connections (a {@link ChannelInitializer} is sharable); it removes itself.
     */
    private static final ChannelInitializer<Channel> NO_HANDLERS = new ChannelInitializer<>() {
        @Override
        protected void initChannel(Channel ch) {
        }

        @Override
        public boolean isSharable() {
            return true; // known: spares Netty's per-thread cache lookup on every pipeline add
        }
    };

    /**
     * Everything but the event loop and the connect timeout, built once: a {@link Bootstrap}
     * given the channel's class looks its constructor up by reflection, which cost a measurable
     * part of a login when done per connection. Each attempt clones one: {@code ipv4} for an IPv4
     * address (an IPv4 socket, see {@link Transport#ipv4SocketChannel}), {@code any} otherwise.
     * No {@code TCP_NODELAY}: the transport sets it ({@link Transport}).
     */
    private final Bootstrap any;
    private final Bootstrap ipv4;

    UpstreamConnector(Transport transport, AddressResolverGroup<InetSocketAddress> resolver) {
        Bootstrap common = new Bootstrap()
                .resolver(resolver)
                .handler(NO_HANDLERS);
        this.any = common.clone().channel(transport.socketChannel());
        this.ipv4 = common.clone().channelFactory(transport.ipv4SocketChannel());
    }

    /** A connected channel, and which candidate it reached. */
    record Connected(Channel channel, UpstreamAddress address, long connectNanos) {
    }

    /**
     * Connects to the first candidate that accepts. The promise fails with the last error
     * when none does; each failure is logged with the session's context.
     */
    void connect(Session session, List<UpstreamAddress> candidates, Promise<Connected> result,
                 BiConsumer<UpstreamAddress, String> failed) {
        attempt(session, candidates, 0, result, failed);
    }

    private void attempt(Session session, List<UpstreamAddress> candidates, int index, Promise<Connected> result,
                         BiConsumer<UpstreamAddress, String> failed) {
        UpstreamAddress target = candidates.get(index);
        long start = System.nanoTime();
        ChannelFuture connect = open(session.client().eventLoop(), address(target),
                session.settings().proxyConnectTimeout());
        connect.addListener(f -> {
            if (f.isSuccess()) {
                if (!result.trySuccess(new Connected(connect.channel(), target, System.nanoTime() - start))) {
                    connect.channel().close(); // the client left while we were connecting
                }
                return;
            }
            session.log().warn("upstream {} failed: {}", target, describe(f.cause()));
            failed.accept(target, describe(f.cause()));
            if (index + 1 < candidates.size() && session.client().isActive()) {
                attempt(session, candidates, index + 1, result, failed);
            } else {
                result.tryFailure(f.cause());
            }
        });
    }

    /** Starts connecting a channel with no handlers to {@code address} on {@code loop}. */
    ChannelFuture open(EventLoop loop, InetSocketAddress address, Duration timeout) {
        return (Transport.isIpv4(address) ? ipv4 : any).clone(loop)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .connect(address);
    }

    /**
     * An IP literal as a resolved address, so the connection skips the DNS resolver (a measurable
     * part of a login's CPU in the benchmark); a name stays unresolved for the resolver.
     */
    static InetSocketAddress address(UpstreamAddress target) {
        byte[] ip = NetUtil.createByteArrayFromIpAddressString(target.host());
        if (ip == null) {
            return InetSocketAddress.createUnresolved(target.host(), target.port());
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), target.port());
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of " + ip.length + " bytes", e); // 4 or 16: never
        }
    }

    static String describe(Throwable cause) {
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message;
    }
}
