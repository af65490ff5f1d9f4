package io.postern.engine;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.postern.spi.CloseReason;
import io.postern.spi.TlsInfo;
import io.postern.spi.WireText;
import io.postern.tls.ServerTls;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;

/**
 * TLS toward the client: the handshake of a listener with {@code ssl}, and the switch after
 * STARTTLS/STLS. Either way the session learns its {@link TlsInfo} when the handshake
 * completes, and a client certificate {@code ssl_verify_client} refuses gets nginx's
 * last line in the protocol's words ({@link MailProtocol#certificateRefusal}), then a close.
 * The TLS handler sits first in the client pipeline, before the lifecycle handler, so the
 * relay keeps it and the byte counts are the application's.
 */
public final class ClientTls {

    static final String SSL = "ssl";
    private static final String GATE = "tls-gate";

    private ClientTls() {
    }

    /** A listener with {@code ssl}: TLS from the first byte; the greeting waits for the handshake. */
    static void installImplicit(Session session, ChannelPipeline pipeline, ServerTls tls, MailProtocol protocol) {
        pipeline.addFirst(SSL, tls.newHandler(pipeline.channel().alloc(), false));
        pipeline.addLast(GATE, new Gate(session, tls, protocol::certificateRefusal));
    }

    /**
     * Switches a plain connection to TLS after STARTTLS: {@code answer} goes out in plain text,
     * then the handshake runs. The caller must already have dropped whatever the client sent
     * after its command (nginx's defence against command injection, CVE-2011-0411): from here
     * on only decrypted bytes reach the decoder. The future says whether the client may go on;
     * when it may not, the session is being closed.
     *
     * @param refusal the protocol's last line for a refused certificate, given nginx's reason
     */
    public static Future<Boolean> startTls(Session session, ChannelHandlerContext ctx, ByteBuf answer,
                                           Function<String, String> refusal) {
        ServerTls tls = session.settings().tls().server().orElseThrow();
        SslHandler handler = tls.newHandler(ctx.alloc(), true);
        ctx.pipeline().addFirst(SSL, handler);
        ctx.writeAndFlush(answer);
        Promise<Boolean> result = ctx.executor().newPromise();
        handler.handshakeFuture().addListener(f -> {
            if (!f.isSuccess()) {
                handshakeFailed(session, f.cause());
            }
            result.setSuccess(f.isSuccess() && admitted(session, ctx, handler, tls, refusal));
        });
        return result;
    }

    /** Records the TLS facts and applies {@code ssl_verify_client}; false when the session ends. */
    private static boolean admitted(Session session, ChannelHandlerContext ctx, SslHandler handler, ServerTls tls,
                                    Function<String, String> refusal) {
        TlsInfo info = tls.describe(handler.engine().getSession());
        session.tls(info);
        session.fire(l -> l.onTlsHandshake(session, info));
        session.log().debug("TLS established: {} {}{}", info.protocol(), info.cipher(),
                info.serverName().map(n -> ", SNI " + WireText.escape(n)).orElse(""));
        Optional<String> reason = tls.refusal(info);
        if (reason.isEmpty()) {
            return true;
        }
        session.log().info("client certificate refused ({}): {}", reason.get(),
                WireText.escape(info.verifyResult().orElse("NONE")));
        session.closing(CloseReason.PROTOCOL_ERROR, reason.get());
        String line = refusal.apply(reason.get()) + "\r\n";
        ctx.writeAndFlush(Unpooled.copiedBuffer(line, StandardCharsets.US_ASCII)).addListener(ChannelFutureListener.CLOSE);
        return false;
    }

    private static void handshakeFailed(Session session, Throwable cause) {
        String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        session.fire(l -> l.onTlsFailed(session, reason));
    }

    /** Holds the protocol's greeting (channelActive) back until the handshake succeeded and the certificate passed. */
    private static final class Gate extends ChannelInboundHandlerAdapter {
        private final Session session;
        private final ServerTls tls;
        private final Function<String, String> refusal;

        Gate(Session session, ServerTls tls, Function<String, String> refusal) {
            this.session = session;
            this.tls = tls;
            this.refusal = refusal;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            SslHandler handler = ctx.pipeline().get(SslHandler.class);
            handler.handshakeFuture().addListener(f -> {
                if (!f.isSuccess()) {
                    handshakeFailed(session, f.cause());
                }
                if (f.isSuccess() && ctx.channel().isActive() && admitted(session, ctx, handler, tls, refusal)) {
                    ctx.fireChannelActive();
                    ctx.pipeline().remove(this);
                }
            });
        }
    }
}
