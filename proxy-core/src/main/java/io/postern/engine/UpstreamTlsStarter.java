package io.postern.engine;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.Future;
import io.postern.spi.UpstreamAddress;
import io.postern.tls.UpstreamTls;
import java.util.Optional;

/**
 * TLS toward an upstream: from the first byte ({@code ssl}), or after the protocol's
 * STARTTLS, which each protocol's {@link UpstreamLogin} sends when {@link #of} finds a
 * starter on its channel. The TLS handler goes first in the upstream pipeline and stays for
 * the relay. A handshake that fails (an untrusted CA, a name that does not match) ends the
 * login with the reason; the connection never goes on in plain text.
 */
public final class UpstreamTlsStarter {

    /** The name of the upstream's TLS handler. */
    static final String SSL = "upstream-ssl";
    private static final String HANDSHAKE_ERRORS = "upstream-ssl-errors";

    private static final AttributeKey<UpstreamTlsStarter> STARTTLS = AttributeKey.valueOf("postern.upstream.starttls");

    private final UpstreamTls tls;
    private final UpstreamAddress target;

    UpstreamTlsStarter(UpstreamTls tls, UpstreamAddress target) {
        this.tls = tls;
        this.target = target;
    }

    /** The STARTTLS step an upstream login must take on {@code upstream}, when its mode is starttls. */
    public static Optional<UpstreamTlsStarter> of(Channel upstream) {
        return Optional.ofNullable(upstream.attr(STARTTLS).get());
    }

    /** Asks the login on {@code upstream} to upgrade with STARTTLS after the greeting. */
    void requireStartTls(Channel upstream) {
        upstream.attr(STARTTLS).set(this);
    }

    /**
     * Implicit TLS: the handshake right after connecting. Until it succeeds a placeholder
     * takes the handshake's exception, which the future already reports (it would otherwise
     * reach the pipeline's tail and be logged as unhandled).
     */
    Future<Channel> handshake(Channel upstream) {
        ChannelHandler quiet = new ChannelInboundHandlerAdapter() {
            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                ctx.close();
            }
        };
        upstream.pipeline().addLast(HANDSHAKE_ERRORS, quiet);
        Future<Channel> done = handshake0(upstream);
        done.addListener(f -> {
            if (f.isSuccess() && upstream.pipeline().context(quiet) != null) {
                upstream.pipeline().remove(quiet);
            }
        });
        return done;
    }

    private Future<Channel> handshake0(Channel upstream) {
        SslHandler handler = tls.newHandler(upstream.alloc(), target.host(), target.port());
        upstream.pipeline().addFirst(SSL, handler);
        return handler.handshakeFuture();
    }

    /**
     * Starts TLS after the upstream's positive answer to STARTTLS. The login's line decoder
     * {@code lines} is replaced by {@code freshLines}: bytes the upstream sent after its
     * answer arrived in plain text, and the old decoder hands them to the login handler,
     * which must refuse them (a man in the middle could have injected them).
     */
    public Future<Channel> upgrade(ChannelHandlerContext ctx, String lines, ChannelHandler freshLines) {
        Channel channel = ctx.channel();
        channel.pipeline().replace(lines, lines, freshLines);
        return handshake0(channel);
    }

    /** The handshake's failure, for the log: what was expected of whom, and why it failed. */
    public String describeFailure(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String why = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return "TLS handshake with upstream " + target + " (expected name \"" + tls.expectedName(target.host())
                + "\") failed: " + why;
    }
}
