package io.postern.bench.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.postern.bench.target.TlsFiles;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * The load generator's event loops and client bootstrap (epoll where available, as the proxy
 * uses). Every client connection of a run shares them.
 *
 * <p>TLS connections offer {@link TlsFiles#PROTOCOL} and {@link TlsFiles#SUITE} only, with the
 * JDK's TLS whatever else is on the class path, so that every target, direct included, is held
 * to the same suite (BoringSSL, netty-tcnative's, cannot be told which TLS 1.3 suites to offer).
 * A JDK handshake costs the harness several ms of CPU, which the TLS login scenario reports
 * beside the proxy's. Each connection makes an engine without the peer's host and port, so the
 * JDK neither caches nor offers a session to resume: every TLS session is a full handshake, as
 * a fresh client's. Certificates are not checked (a loopback benchmark; direct's is Dovecot's own).
 */
public final class Clients implements AutoCloseable {

    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final SslContext tls;

    public Clients(int threads) {
        boolean epoll = Epoll.isAvailable();
        this.group = new MultiThreadIoEventLoopGroup(threads, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        this.bootstrap = new Bootstrap().group(group)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
        this.tls = clientTls();
    }

    private static SslContext clientTls() {
        try {
            return SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                    .protocols(TlsFiles.PROTOCOL).ciphers(List.of(TlsFiles.SUITE))
                    .trustManager(InsecureTrustManagerFactory.INSTANCE).build();
        } catch (SSLException e) {
            throw new IllegalStateException("the JDK cannot make a " + TlsFiles.PROTOCOL + " client context", e);
        }
    }

    /** Connects to {@code address} with {@code handler} as the connection's only handler. */
    ChannelFuture connect(InetSocketAddress address, ChannelHandler handler) {
        return bootstrap.clone().handler(handler).connect(address);
    }

    /**
     * Connects to {@code address} with TLS from the first byte, then {@code handler}: it sees
     * plain text, its {@code channelActive} before the handshake, the server's first line after it.
     */
    ChannelFuture connectTls(InetSocketAddress address, ChannelHandler handler) {
        return bootstrap.clone().handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                SslHandler ssl = tls.newHandler(ch.alloc());
                ch.pipeline().addLast(ssl, handler);
            }
        }).connect(address);
    }

    /** The client TLS context every TLS connection's handler comes from. */
    SslContext tls() {
        return tls;
    }

    public EventLoopGroup group() {
        return group;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
