package io.postern.bench.env;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The auth server both proxies ask, speaking nginx's auth_http protocol: every login is
 * accepted ({@code Auth-Status: OK}) and sent to the upstream of its {@code Auth-Protocol};
 * the upstream checks the password. Keep-alive when the client asks for it (Postern's pool),
 * a close after each answer for HTTP/1.0 (nginx). One event loop of its own.
 */
public final class AuthHttpServer implements AutoCloseable {

    private final EventLoopGroup group;
    private final Channel channel;

    private AuthHttpServer(EventLoopGroup group, Channel channel) {
        this.group = group;
        this.channel = channel;
    }

    /** @param upstreams by auth_http protocol name ({@code imap}, {@code pop3}, {@code smtp}) */
    public static AuthHttpServer start(Map<String, InetSocketAddress> upstreams) throws InterruptedException {
        Map<String, InetSocketAddress> routes = Map.copyOf(upstreams);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        Channel channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(8192), new Responder(routes));
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        return new AuthHttpServer(group, channel);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static final class Responder extends SimpleChannelInboundHandler<FullHttpRequest> {

        private final Map<String, InetSocketAddress> routes;

        Responder(Map<String, InetSocketAddress> routes) {
            this.routes = routes;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.OK,
                    Unpooled.EMPTY_BUFFER);
            InetSocketAddress upstream = routes.get(String.valueOf(request.headers().get("Auth-Protocol")));
            if (upstream == null) {
                response.headers().set("Auth-Status", "Unknown protocol");
            } else {
                response.headers().set("Auth-Status", "OK")
                        .set("Auth-Server", upstream.getAddress().getHostAddress())
                        .set("Auth-Port", upstream.getPort());
            }
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            HttpUtil.setKeepAlive(response, keepAlive);
            var written = ctx.writeAndFlush(response);
            if (!keepAlive) {
                written.addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
