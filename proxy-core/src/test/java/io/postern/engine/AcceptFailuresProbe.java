package io.postern.engine;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A listener with {@link AcceptFailures} in a process of its own, for
 * {@link AcceptFailuresTest} to run under a small {@code ulimit -n}: prints {@code PORT <n>},
 * writes {@code +} to every connection it accepts, and stops at a line on its standard input.
 */
public final class AcceptFailuresProbe {

    private AcceptFailuresProbe() {
    }

    /** Writes {@code +} to each accepted connection, so the client knows it was accepted. */
    @ChannelHandler.Sharable
    private static final class Welcome extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'+'}));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // the test's clients reset their connections
        }
    }

    public static void main(String[] args) throws Exception {
        Transport transport = Transport.detect();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("probe-io"),
                transport.ioHandlerFactory());
        try {
            Channel server = new ServerBootstrap().group(group).channel(transport.serverChannel())
                    .handler(new AcceptFailures("probe"))
                    .childHandler(new Welcome())
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
            System.out.println("PORT " + ((InetSocketAddress) server.localAddress()).getPort() + " "
                    + transport.name());
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII)).readLine();
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
