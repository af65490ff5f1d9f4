package io.postern.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.postern.engine.Session;
import io.postern.engine.SessionLog;
import io.postern.spi.CloseReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.IntSupplier;

/**
 * The two channels of one framed session, for the three protocols, and the rules they share
 * with the raw relay: writes with backpressure (a side whose peer cannot take more stops reading
 * until the peer drains), Postern's own lines only between two server messages
 * ({@link ProxyOutput}), and one end for both (when either side closes, what is pending for the
 * other is flushed, then it is closed too; when the relay ends the session itself, the client
 * gets the protocol's goodbye first, unless a server message is being streamed to it). Used on
 * the session's event loop only.
 */
public final class FramedConnection {

    /**
     * Postern's own lines (answers, continuation requests) that may wait for their turn before
     * the client's reads pause: a client pipelining refused commands must not pile up answers.
     */
    public static final int MAX_HELD_LINES = 256;

    private final SessionLog log;
    private final BiConsumer<CloseReason, String> closing;
    private final Channel client;
    private final Channel upstream;
    private final ReadGate clientGate;
    private final ReadGate upstreamGate;
    private final Function<String, String> goodbye;
    private final ProxyOutput output;
    private final List<Runnable> endActions = new ArrayList<>(2);
    private IntSupplier queuedAnswers = () -> 0;
    private Duration verdictTimeout = Duration.ofSeconds(60);
    private boolean ended;
    private boolean upstreamAbandoned;

    /**
     * @param closing records why the session ends ({@link Session#closing})
     * @param goodbye the protocol's last line before closing, without its line ending
     */
    public FramedConnection(SessionLog log, BiConsumer<CloseReason, String> closing, Channel client,
                            Channel upstream, Function<String, String> goodbye) {
        this.log = Objects.requireNonNull(log, "log");
        this.closing = Objects.requireNonNull(closing, "closing");
        this.client = Objects.requireNonNull(client, "client");
        this.upstream = Objects.requireNonNull(upstream, "upstream");
        this.goodbye = Objects.requireNonNull(goodbye, "goodbye");
        this.clientGate = new ReadGate(client);
        this.upstreamGate = new ReadGate(upstream);
        this.output = new ProxyOutput(bytes -> write(client, upstreamGate, ReadGate.Reason.PEER_BACKPRESSURE, bytes),
                bytes -> write(client, clientGate, ReadGate.Reason.OWN_BACKPRESSURE, bytes));
        onEnd(output::release);
    }

    /** The connection of a logged-in session; a filter's late verdict may take the server's {@code timeout}. */
    public static FramedConnection of(Session session, Channel upstream, Function<String, String> goodbye) {
        FramedConnection connection = new FramedConnection(session.log(), session::closing, session.client(),
                upstream, goodbye);
        connection.verdictTimeout = session.settings().timeout();
        // Framed, the relay writes whole answers: a goodbye between two of them corrupts nothing.
        session.kickHandler(line -> connection.closeWith(Lines.encode(session.client().alloc(), line),
                CloseReason.KICKED, "kicked by an operator"));
        return connection;
    }

    /** How long a filter's {@code later} verdict may take: the server's {@code timeout}, nginx's per-phase timer. */
    public Duration verdictTimeout() {
        return verdictTimeout;
    }

    /** Sets how long a filter's {@code later} verdict may take (tests). */
    public void verdictTimeout(Duration timeout) {
        this.verdictTimeout = Objects.requireNonNull(timeout, "timeout");
    }

    public SessionLog log() {
        return log;
    }

    public Channel client() {
        return client;
    }

    public Channel upstream() {
        return upstream;
    }

    public ReadGate clientGate() {
        return clientGate;
    }

    public ReadGate upstreamGate() {
        return upstreamGate;
    }

    /** Runs {@code action} once when the session ends (the filters' {@code onClose}, releasing queues). */
    public void onEnd(Runnable action) {
        endActions.add(action);
    }

    /** Whether the session ended: nothing more is relayed. */
    public boolean ended() {
        return ended;
    }

    /** Sends bytes from the client on to the upstream; the client stops reading while the upstream is full. */
    public void toUpstream(ByteBuf bytes) {
        if (ended || upstreamAbandoned) {
            bytes.release();
            return;
        }
        write(upstream, clientGate, ReadGate.Reason.PEER_BACKPRESSURE, bytes);
    }

    /** Sends a whole message from the upstream on to the client. */
    public void toClient(ByteBuf bytes) {
        toClient(bytes, true);
    }

    /**
     * Sends bytes of a message from the upstream on to the client; the upstream stops reading
     * while the client is full.
     *
     * @param endsMessage whether they end the message (Postern's own lines may follow them)
     */
    public void toClient(ByteBuf bytes, boolean endsMessage) {
        if (ended) {
            bytes.release();
            return;
        }
        output.server(bytes, endsMessage);
    }

    /**
     * Sends the client an answer of the relay's own, between two server messages; the client
     * stops reading while it does not take them, or a client pipelining refused commands would
     * pile up answers in memory.
     */
    public void answerClient(ByteBuf bytes) {
        if (ended) {
            bytes.release();
            return;
        }
        output.add(bytes);
    }

    /** Where the answers Postern holds back for their turn are counted: the session's reply queue. */
    public void countQueuedAnswers(IntSupplier queued) {
        this.queuedAnswers = Objects.requireNonNull(queued, "queued");
    }

    /**
     * Postern answered the client itself: when the client does not read, or too many of its
     * lines wait for their turn, the client's reads pause.
     */
    public void answeredLocally() {
        if (!client.isWritable() || output.held() + queuedAnswers.getAsInt() > MAX_HELD_LINES) {
            clientGate.close(ReadGate.Reason.OWN_BACKPRESSURE);
        }
    }

    /** The client drained, or Postern's lines went out: the client's reads may go on. */
    public void localAnswersEased() {
        if (clientGate.isClosed(ReadGate.Reason.OWN_BACKPRESSURE) && client.isWritable()
                && output.held() + queuedAnswers.getAsInt() <= MAX_HELD_LINES) {
            clientGate.open(ReadGate.Reason.OWN_BACKPRESSURE);
        }
    }

    private static void write(Channel peer, ReadGate source, ReadGate.Reason reason, ByteBuf bytes) {
        peer.write(bytes, peer.voidPromise());
        if (!peer.isWritable()) {
            // Stop reading before flushing: a flush that drains the peer at once fires the
            // writability event now, and that event must find reading stopped to restart it.
            source.close(reason);
            peer.flush();
        }
    }

    /** Flushes both channels: the end of a read on either side. */
    public void flush() {
        client.flush();
        upstream.flush();
    }

    /** {@code side} drained: whoever was waiting for it reads again. */
    public void writable(Channel side) {
        if (side == client) {
            upstreamGate.open(ReadGate.Reason.PEER_BACKPRESSURE);
            localAnswersEased();
        } else {
            clientGate.open(ReadGate.Reason.PEER_BACKPRESSURE);
        }
    }

    /**
     * Ends the session now: the client gets the protocol's goodbye with {@code text} after what
     * it was already sent, then both channels close.
     */
    public void goodbye(String text, CloseReason reason, String detail) {
        closeWith(Lines.encode(client.alloc(), goodbye.apply(text)), reason, detail);
    }

    /**
     * Ends the session now with {@code lastLine} (a line of the protocol's own) as the client's
     * last, unless it would fall inside a server message being streamed (then the client is
     * only closed).
     */
    public void closeWith(ByteBuf lastLine, CloseReason reason, String detail) {
        if (ended) {
            lastLine.release();
            return;
        }
        log.info("ending the session: {}", detail);
        closing.accept(reason, detail);
        boolean atBoundary = output.atBoundary();
        end();
        upstream.close();
        if (atBoundary) {
            client.writeAndFlush(lastLine).addListener(ChannelFutureListener.CLOSE);
        } else {
            lastLine.release();
            closeOnFlush(client);
        }
    }

    /**
     * Drops the upstream in the middle of what it was sent, so that it discards it (an SMTP
     * message the relay refused after part of it went out: no command can take back a
     * {@code DATA}); the client stays to get its answer.
     */
    public void abandonUpstream() {
        upstreamAbandoned = true;
        upstream.close();
    }

    /**
     * The upstream answered the client's goodbye (LOGOUT, QUIT): however the connections close
     * now, the session ends because the client quit.
     */
    public void clientQuit() {
        closing.accept(CloseReason.CLIENT_QUIT, "");
    }

    /** One side closed: the session ends, the other side closes once what it was sent is flushed. */
    public void closed(Channel side, String detail) {
        if (side == upstream && upstreamAbandoned && !ended) {
            return; // closed on purpose; the client still waits for its answer
        }
        boolean wasEnded = ended;
        closing.accept(side == client ? CloseReason.CLIENT_CLOSED : CloseReason.UPSTREAM_CLOSED, detail);
        end();
        if (!wasEnded) {
            closeOnFlush(side == client ? upstream : client);
        }
    }

    private void end() {
        if (ended) {
            return;
        }
        ended = true;
        for (Runnable action : endActions) {
            try {
                action.run();
            } catch (RuntimeException e) {
                log.warn("framed relay: cleaning up failed: {}", e.toString());
            }
        }
    }

    private static void closeOnFlush(Channel channel) {
        if (channel.isActive()) {
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
