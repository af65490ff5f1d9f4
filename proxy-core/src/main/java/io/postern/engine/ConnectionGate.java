package io.postern.engine;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.postern.relay.Lines;
import io.postern.limits.Admission;
import io.postern.limits.ConnectionLimits;
import io.postern.spi.CloseReason;
import io.postern.spi.Refusal;

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
        Admission admission = limits.admitConnection(session.clientAddress(), session.settings().limits());
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
