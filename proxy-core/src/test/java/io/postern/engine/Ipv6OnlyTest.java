package io.postern.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.postern.config.ListenAddress;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code IPV6_V6ONLY} on IPv6 listeners under epoll, as nginx sets it: on by default, so an IPv4
 * and an IPv6 wildcard share a port; off with {@code ipv6only=off}, a dual-stack socket.
 */
class Ipv6OnlyTest {

    private EventLoopGroup group;
    private Transport transport;

    @BeforeEach
    void start() {
        assumeThat(Epoll.isAvailable()).as("epoll transport").isTrue();
        assumeThat(hasIpv6Loopback()).as("IPv6 loopback").isTrue();
        transport = Transport.detect();
        group = new MultiThreadIoEventLoopGroup(1, transport.ioHandlerFactory());
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (group != null) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void bothWildcardFamiliesBindOnePortAndEachAcceptsItsOwn() throws Exception {
        CompletableFuture<Channel> byIpv4 = new CompletableFuture<>();
        CompletableFuture<Channel> byIpv6 = new CompletableFuture<>();
        Channel ipv4 = listen("0.0.0.0:0", byIpv4);
        int port = ((InetSocketAddress) ipv4.localAddress()).getPort();
        Channel ipv6 = listen("[::]:" + port, byIpv6);
        try (Socket v4 = new Socket(InetAddress.getByName("127.0.0.1"), port);
             Socket v6 = new Socket(InetAddress.getByName("::1"), port)) {
            assertThat(byIpv4.get(5, TimeUnit.SECONDS).isActive()).isTrue();
            assertThat(byIpv6.get(5, TimeUnit.SECONDS).isActive()).isTrue();
            assertThat(ipv6.config().getOption(Ipv6OnlyOption.IPV6_V6ONLY)).isEqualTo(1);
        } finally {
            ipv4.close().sync();
            ipv6.close().sync();
        }
    }

    @Test
    void ipv6onlyOffIsDualStack() throws Exception {
        CompletableFuture<Channel> accepted = new CompletableFuture<>();
        Channel ipv6 = listen("[::]:0 ipv6only=off", accepted);
        int port = ((InetSocketAddress) ipv6.localAddress()).getPort();
        try (Socket v4 = new Socket(InetAddress.getByName("127.0.0.1"), port)) {
            assertThat(accepted.get(5, TimeUnit.SECONDS).isActive()).isTrue();
            assertThat(ipv6.config().getOption(Ipv6OnlyOption.IPV6_V6ONLY)).isEqualTo(0);
        } finally {
            ipv6.close().sync();
        }
    }

    @Test
    void ipv6onlyOnAnIpv4AddressIsIgnored() throws Exception {
        CompletableFuture<Channel> accepted = new CompletableFuture<>();
        Channel ipv4 = listen("127.0.0.1:0 ipv6only=on", accepted);
        int port = ((InetSocketAddress) ipv4.localAddress()).getPort();
        try (Socket v4 = new Socket(InetAddress.getByName("127.0.0.1"), port)) {
            assertThat(accepted.get(5, TimeUnit.SECONDS).isActive()).isTrue();
        } finally {
            ipv4.close().sync();
        }
    }

    private Channel listen(String spec, CompletableFuture<Channel> accepted) throws InterruptedException {
        ListenAddress listen = ListenAddress.parse(spec);
        Channel channel = ProxyServer.listening(group, transport, listen, new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                accepted.complete(ch);
            }
        }).bind(listen.socketAddress()).sync().channel();
        channel.config().setAutoRead(true);
        return channel;
    }

    private static boolean hasIpv6Loopback() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
