package io.postern.smtp;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.postern.engine.Session;
import io.postern.spi.CloseReason;
import java.util.concurrent.TimeUnit;

/**
 * {@code smtp_greeting_delay} (nginx's {@code ngx_mail_smtp_invalid_pipelining}): the
 * greeting goes out only after the delay, and a client that sends anything before it is an
 * early talker (a spam bot that does not wait), answered {@code 503 5.5.0} and closed. It
 * sits in front of the command decoder, so any byte counts, not only whole lines, and it
 * removes itself once the greeting is sent.
 */
final class SmtpGreetingDelay extends ChannelInboundHandlerAdapter {

    private final Session session;
    private final SmtpSettings settings;
    private ScheduledFuture<?> timer;

    SmtpGreetingDelay(Session session, SmtpSettings settings) {
        this.session = session;
        this.settings = settings;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        timer = ctx.executor().schedule(() -> greet(ctx), settings.greetingDelay().toNanos(), TimeUnit.NANOSECONDS);
        session.greetingDelayed();
        ctx.fireChannelActive();
    }

    private void greet(ChannelHandlerContext ctx) {
        if (!ctx.channel().isActive() || ctx.isRemoved()) {
            return;
        }
        ctx.writeAndFlush(SmtpReplies.line(ctx.alloc(), settings.greeting()));
        session.greetingSent();
        ctx.pipeline().remove(this);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
        if (timer.cancel(false)) {
            session.log().info("client was rejected before the greeting");
            session.closing(CloseReason.PROTOCOL_ERROR, "client talked before the greeting");
            ctx.writeAndFlush(SmtpReplies.line(ctx.alloc(), SmtpReplies.INVALID_PIPELINING))
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (timer != null) {
            timer.cancel(false);
        }
        ctx.fireChannelInactive();
    }
}
