package io.postern.smtp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.postern.dns.ClientHostResolvers;
import io.postern.dns.ResolverSettings;
import io.postern.engine.Session;
import io.postern.spi.ClientHost;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * nginx's {@code ngx_mail_smtp_init_session} with a {@code resolver}: the client's host is
 * looked up before anything else happens, so the greeting (or {@code smtp_greeting_delay}'s
 * wait) starts only once it is known. Meanwhile the session's start ({@code channelActive}) is
 * held here, the client is not read (nginx's {@code ngx_mail_smtp_block_reading}) and what
 * arrived already waits, to be handled after the greeting as nginx would; the pre-login
 * {@code timeout} waits too, as nginx arms it with the greeting. The handler removes itself
 * once the session went on.
 */
final class SmtpResolveClient extends ChannelInboundHandlerAdapter {

    static final String NAME = "smtp-resolve-client";

    private final Session session;
    private final ResolverSettings settings;
    private final ClientHostResolvers resolvers;
    private final Queue<Object> early = new ArrayDeque<>();
    private boolean resolving;

    SmtpResolveClient(Session session, ResolverSettings settings, ClientHostResolvers resolvers) {
        this.session = session;
        this.settings = settings;
        this.resolvers = resolvers;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        resolving = true;
        session.greetingDelayed();
        ctx.channel().config().setAutoRead(false);
        resolvers.lookup(ctx.channel(), settings, session.clientAddress().getAddress(),
                        message -> session.log().info("{}", message))
                .addListener((Future<ClientHost> f) -> resolved(ctx, f.getNow()));
    }

    private void resolved(ChannelHandlerContext ctx, ClientHost host) {
        if (!resolving || ctx.isRemoved() || !ctx.channel().isActive()) {
            return;
        }
        resolving = false;
        session.clientHost(host);
        session.log().debug("client host: {}", host.text());
        session.greetingSent();
        ctx.channel().config().setAutoRead(true);
        ctx.fireChannelActive();
        while (!early.isEmpty() && !ctx.isRemoved()) {
            ctx.fireChannelRead(early.poll());
        }
        if (!ctx.isRemoved()) {
            ctx.fireChannelReadComplete();
            ctx.pipeline().remove(this);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (resolving) {
            early.add(msg);
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (!resolving) {
            ctx.fireChannelReadComplete();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        resolving = false;
        release();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        release();
    }

    private void release() {
        Object msg;
        while ((msg = early.poll()) != null) {
            ReferenceCountUtil.release(msg);
        }
    }
}
