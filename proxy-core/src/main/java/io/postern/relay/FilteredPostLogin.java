package io.postern.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.postern.engine.PostLogin;
import io.postern.engine.Session;
import io.postern.module.Named;
import io.postern.spi.CloseReason;
import io.postern.spi.filter.FilterFactory;
import io.postern.spi.filter.PostLoginFilter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The POST-LOGIN phase of one protocol: asks every filter factory for the session's filter
 * and, when at least one answers or the protocol's own rule says the session must be framed
 * (SMTP: {@code xclient}, {@code smtp_forbid_bare_newline}), hands the session to the
 * protocol's framed relay; otherwise leaves it to the raw relay. A factory that throws ends
 * the session with the protocol's goodbye.
 *
 * @param <C> the protocol's command type
 * @param <R> the protocol's response type
 * @param <F> the protocol's filter type
 */
public final class FilteredPostLogin<C, R, F extends PostLoginFilter<C, R>> implements PostLogin {

    /** The protocol's codec on the one engine: its handlers of one session. */
    @FunctionalInterface
    public interface FramedRelay<C, R> {
        /** The protocol's decoders and sides over {@code connection}, filtering through {@code chain}. */
        FramedHandlers handlers(Session session, FramedConnection connection, FilterChain<C, R> chain);
    }

    /** The protocol's rule for a session no filter wants: {@link #NEVER} keeps it raw. */
    private static final Predicate<Session> NEVER = session -> false;

    private final List<Named<FilterFactory<F>>> factories;
    private final Predicate<Session> mustFrame;
    private final FramedRelay<C, R> relay;
    private final Function<C, String> commandName;
    private final Function<String, String> goodbye;

    /**
     * @param mustFrame the protocol's own rule: true for a session that must be framed even
     *     when no filter wants it (the relay's refusals and its strict framing are the point)
     * @param commandName names a command in a log line, without its arguments
     * @param goodbye the protocol's last line before closing, without its line ending:
     *     {@code * BYE <text>}, {@code -ERR <text>}, {@code 421 4.3.0 <text>}
     */
    public FilteredPostLogin(List<Named<FilterFactory<F>>> factories, Predicate<Session> mustFrame,
                             FramedRelay<C, R> relay, Function<C, String> commandName,
                             Function<String, String> goodbye) {
        this.factories = List.copyOf(factories);
        this.mustFrame = Objects.requireNonNull(mustFrame, "mustFrame");
        this.relay = relay;
        this.commandName = commandName;
        this.goodbye = goodbye;
    }

    /** The raw relay when there is no factory, else this phase: sessions are framed only for filters. */
    public static <C, R, F extends PostLoginFilter<C, R>> PostLogin of(
            List<Named<FilterFactory<F>>> factories, FramedRelay<C, R> relay,
            Function<C, String> commandName, Function<String, String> goodbye) {
        return factories.isEmpty() ? PostLogin.RAW
                : new FilteredPostLogin<>(factories, NEVER, relay, commandName, goodbye);
    }

    /**
     * This phase, for a protocol whose core also frames the sessions {@code mustFrame} names,
     * whether or not a filter wants them; the others are framed only for filters.
     */
    public static <C, R, F extends PostLoginFilter<C, R>> PostLogin of(
            List<Named<FilterFactory<F>>> factories, Predicate<Session> mustFrame, FramedRelay<C, R> relay,
            Function<C, String> commandName, Function<String, String> goodbye) {
        return new FilteredPostLogin<>(factories, mustFrame, relay, commandName, goodbye);
    }

    @Override
    public boolean startFiltered(Session session, Channel upstream, ByteBuf loginReply) {
        List<Named<? extends PostLoginFilter<C, R>>> opened = new ArrayList<>();
        for (Named<FilterFactory<F>> factory : factories) {
            Optional<F> filter;
            ClassLoader previous = factory.enter();
            try {
                filter = factory.handler().open(session);
            } catch (RuntimeException | Error e) {
                session.log().error("filter \"{}\" of module \"{}\" failed to open: {}", factory.name(),
                        factory.module(), e.toString());
                opened.forEach(f -> closeQuietly(session, f));
                loginReply.release();
                refuse(session, upstream);
                return true;
            } finally {
                Named.leave(previous);
            }
            if (filter != null && filter.isPresent()) {
                opened.add(new Named<>(factory.module(), factory.name(), filter.get(), factory.loader(), factory.account()));
            }
        }
        if (opened.isEmpty() && !mustFrame.test(session)) {
            return false;
        }
        FilterChain<C, R> chain = new FilterChain<>(opened, session.log()::error, commandName,
                session.client().eventLoop());
        session.log().debug("post-login filters: {}", opened.isEmpty() ? "none (framed by the core)" : chain.names());
        FramedConnection connection = FramedConnection.of(session, upstream, goodbye);
        relay.handlers(session, connection, chain).install(session, upstream, connection, loginReply);
        return true;
    }

    private void refuse(Session session, Channel upstream) {
        session.closing(CloseReason.INTERNAL_ERROR, "post-login filter failed to open");
        upstream.close();
        Channel client = session.client();
        byte[] line = (goodbye.apply(FilterFailure.GOODBYE) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        client.writeAndFlush(Unpooled.wrappedBuffer(line)).addListener(ChannelFutureListener.CLOSE);
    }

    private static void closeQuietly(Session session, Named<? extends PostLoginFilter<?, ?>> filter) {
        ClassLoader previous = filter.enter();
        try {
            filter.handler().onClose();
        } catch (RuntimeException e) {
            session.log().warn("filter \"{}\" failed to close: {}", filter.name(), e.toString());
        } finally {
            Named.leave(previous);
        }
    }
}
