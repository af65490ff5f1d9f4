package io.postern.engine;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.resolver.DefaultAddressResolverGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.postern.config.ServerSettings;
import io.postern.limits.ConnectionLimits;
import io.postern.module.Named;
import io.postern.module.Phases;
import io.postern.spi.AuthDecision;
import io.postern.spi.Authenticator;
import io.postern.spi.CloseReason;
import io.postern.spi.Credentials;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Client sessions of one server block on {@link EmbeddedChannel}s, built by the production
 * {@link SessionInitializer} (lifecycle, pre-login timer, PROXY protocol reader, the
 * protocol's decoders and pre-login handler, the real {@link LoginFlow}), for the fuzz tests.
 * Every login reaches the AUTH phase, which refuses it with a retry allowed at once, so a
 * session stays before login whatever it is fed; the valid login ({@link #USER},
 * {@link #PASSWORD}) is counted on its way.
 */
final class PreLoginFuzzHarness {

    static final String USER = "fuzz-user";
    static final String PASSWORD = "fuzz-pass";

    /** What became of one session. */
    record Ending(String written, boolean closed, Optional<CloseReason> reason) {
    }

    private final ServerSettings settings;
    private final MailProtocol protocol;
    private final boolean proxyProtocol;
    private final LoginFlow loginFlow;
    private final SessionEvents events = new SessionEvents(List.of());
    private final PostLogin postLogin;
    private final AtomicInteger validLogins = new AtomicInteger();

    /**
     * @param mailBlock the contents of {@code mail { }} with one server
     * @param proxyProtocol whether the listener has {@code proxy_protocol}
     */
    private final ConnectionLimits limits;

    PreLoginFuzzHarness(String mailBlock, MailProtocol protocol, boolean proxyProtocol) {
        // Every fuzzed session comes from loopback, which the connection limits exempt by
        // default; the process-wide limit is far above one session at a time.
        this.limits = new ConnectionLimits(10_000);
        this.settings = TestSessions.settings(mailBlock);
        this.protocol = protocol;
        this.proxyProtocol = proxyProtocol;
        Authenticator refusing = request -> {
            if (request.credentials() instanceof Credentials.Plain plain && plain.user().equals(USER)
                    && plain.password().equals(PASSWORD)) {
                validLogins.incrementAndGet();
            }
            return CompletableFuture.completedFuture(new AuthDecision.Rejected("Authentication failed",
                    Optional.of(Duration.ZERO), Optional.empty()));
        };
        Phases phases = new Phases(List.of(new Named<>("fuzz", "refusing", refusing)), List.of(), List.of());
        this.loginFlow = new LoginFlow(phases, new UpstreamConnector(Transport.detect(),
                DefaultAddressResolverGroup.INSTANCE), Map.of(), events, limits, Map.of(protocol.protocol(), protocol));
        this.postLogin = protocol.postLogin(phases);
    }

    /** How many times the AUTH phase saw the valid login. */
    int validLogins() {
        return validLogins.get();
    }

    ServerSettings settings() {
        return settings;
    }

    /**
     * A new session fed {@code reads}, one read at a time, with the event loop's tasks run
     * after each; then the clock is moved past {@code login_timeout}, so every session ends.
     * Exceptions that reach the end of the pipeline are thrown.
     */
    Ending run(List<byte[]> reads) {
        SessionInitializer initializer = new SessionInitializer(settings, protocol, loginFlow, events,
                new DefaultChannelGroup(GlobalEventExecutor.INSTANCE), false, proxyProtocol, postLogin, limits);
        EmbeddedChannel channel = new EmbeddedChannel(initializer) {
            @Override
            protected SocketAddress remoteAddress0() {
                return new InetSocketAddress("127.0.0.1", 40000);
            }

            @Override
            protected SocketAddress localAddress0() {
                return new InetSocketAddress("127.0.0.1", 143);
            }
        };
        Session session = channel.pipeline().get(SessionLifecycle.class).session();
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        try {
            channel.freezeTime();
            for (byte[] read : reads) {
                if (!channel.isOpen()) {
                    break;
                }
                channel.writeInbound(Unpooled.wrappedBuffer(read));
                channel.runPendingTasks();
                drain(channel, written);
            }
            channel.advanceTimeBy(settings.loginTimeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
            channel.runPendingTasks();
            channel.checkException();
            drain(channel, written);
            return new Ending(written.toString(StandardCharsets.ISO_8859_1), !channel.isOpen(),
                    session.closeReason());
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    private static void drain(EmbeddedChannel channel, ByteArrayOutputStream written) {
        Object message;
        while ((message = channel.readOutbound()) != null) {
            ByteBuf buffer = (ByteBuf) message;
            try {
                byte[] bytes = new byte[buffer.readableBytes()];
                buffer.readBytes(bytes);
                written.writeBytes(bytes);
            } finally {
                buffer.release();
            }
        }
    }
}
