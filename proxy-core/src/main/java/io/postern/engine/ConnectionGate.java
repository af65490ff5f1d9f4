package io.postern.engine;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.postern.relay.Lines;
import io.postern.limits.Admission;
import io.postern.limits.ConnectionLimits;
import io.postern.spi.CloseReason;
import io.postern.spi.Refusal;
import java.util.concurrent.CompletableFuture;

/**
 * The CONNECT phase's access rules and connection limits, checked when the session starts: on
 * {@code channelActive}, which a {@code proxy_protocol} listener holds back until the PROXY
 * header named the real client. Placed right after the lifecycle handler, so a refused client
 * was opened for the session listeners and is closed for them with {@link CloseReason#REFUSED}.
 * An admitted session's counts are given back when its channel closes, whatever closes it; a
 * refused one took none. The handler removes itself once it let the session in.
 */
final class ConnectionGate extends ChannelInboundHandlerAdapter {

    static final String NAME = "connection-gate";

    private final Session session;
    private final ConnectionLimits limits;
    private final MailProtocol protocol;
    private final boolean implicitTls;

    /** @param implicitTls whether the listener has {@code ssl}: a refusal then closes without an answer */
    ConnectionGate(Session session, ConnectionLimits limits, MailProtocol protocol, boolean implicitTls) {
        this.session = session;
        this.limits = limits;
        this.protocol = protocol;
        this.implicitTls = implicitTls;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        CompletableFuture<Admission> admission = limits.admitConnection(session.clientAddress(),
                session.settings().limits(), session.id()).toCompletableFuture();
        if (admission.isDone()) {
            decide(ctx, admission.join());
            return;
        }
        // Counted over every instance (limit_conn_store = redis): nothing is read until Redis
        // answered (within mail.redis.timeout), and the decision is made on the event loop.
        boolean autoRead = ctx.channel().config().isAutoRead();
        ctx.channel().config().setAutoRead(false);
        admission.whenComplete((answer, error) -> ctx.executor().execute(() -> {
            if (error != null) {
                session.log().error("connection limits: {}", error.toString());
                session.closing(CloseReason.INTERNAL_ERROR, "connection limits: " + error);
                ctx.close();
                return;
            }
            if (!ctx.channel().isActive()) {
                if (answer instanceof Admission.Admitted admitted) {
                    admitted.lease().close(); // the client left while Redis answered
                }
                return;
            }
            ctx.channel().config().setAutoRead(autoRead);
            decide(ctx, answer);
        }));
    }

    private void decide(ChannelHandlerContext ctx, Admission admission) {
        if (admission instanceof Admission.Refused refused) {
            refuse(ctx, session, protocol, refused.refusal(), implicitTls);
            return;
        }
        Admission.Admitted admitted = (Admission.Admitted) admission;
        ctx.channel().closeFuture().addListener(f -> admitted.lease().close());
        ctx.pipeline().remove(this);
        ctx.fireChannelActive();
    }

    /**
     * Ends a session the core refuses: the listeners hear of it, the client gets the protocol's
     * answer, then the connection closes. On a listener with {@code ssl} nothing is said: the
     * answer could only follow a TLS handshake, which is the costly part of a connection flood
     * and would hold the connection open for as long as the client takes.
     */
    static void refuse(ChannelHandlerContext ctx, Session session, MailProtocol protocol, Refusal refusal,
                       boolean silently) {
        session.log().debug("refused by {}", refusal.directive());
        session.closing(CloseReason.REFUSED, refusal.directive());
        session.fire(l -> l.onRefused(session, refusal));
        if (silently) {
            ctx.close();
            return;
        }
        ctx.writeAndFlush(Lines.encode(ctx.alloc(), protocol.refusal(refusal, session)))
                .addListener(ChannelFutureListener.CLOSE);
    }
}
