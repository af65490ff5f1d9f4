package io.postern.imap.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.postern.engine.Session;
import io.postern.filter.FilterChain;
import io.postern.filter.ReadGate;
import io.postern.imap.UpstreamCapabilities;
import io.postern.spi.CloseReason;
import io.postern.spi.imap.ImapCommand;
import io.postern.spi.imap.ImapResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * One filtered IMAP session's relay state, shared by its two handlers ({@link ClientSide} and
 * {@link UpstreamSide}): the filters, both decoders, the reads of both channels, the order of
 * Postern's own answers, the literal handshake, and how the session ends. Confined to the
 * session's event loop.
 */
final class ImapRelaySession {

    /** Postern's own lines (answers, continuation requests) that may wait before the client's reads pause. */
    static final int MAX_HELD_LINES = 256;

    final Session session;
    final Channel client;
    final Channel upstream;
    final FilterChain<ImapCommand, ImapResponse> chain;
    final ImapCommandFraming commands;
    final ImapResponseFraming responses;
    final ReadGate clientReads;
    final ReadGate upstreamReads;
    final PeerWriter toUpstream;
    final PeerWriter toClient;
    final ClientOutput output;
    final ReplyOrder order;
    final CommandForwarder forwarder;
    final LiteralSupport literals;
    final ImapEncoder encoder;
    private boolean ended;

    ImapRelaySession(Session session, Channel upstream, FilterChain<ImapCommand, ImapResponse> chain,
                     ImapCommandFraming commands, ImapResponseFraming responses) {
        this.session = session;
        this.client = session.client();
        this.upstream = upstream;
        this.chain = chain;
        this.commands = commands;
        this.responses = responses;
        this.clientReads = new ReadGate(client);
        this.upstreamReads = new ReadGate(upstream);
        this.toUpstream = new PeerWriter(upstream, clientReads);
        this.toClient = new PeerWriter(client, upstreamReads);
        this.output = new ClientOutput(toClient);
        this.order = new ReplyOrder(output);
        this.forwarder = new CommandForwarder(toUpstream, commands, clientReads);
        this.literals = new LiteralSupport(UpstreamCapabilities.of(upstream));
        this.encoder = new ImapEncoder(literals);
        // Kicked by an operator: "* BYE" at the next boundary, as a filter's own end.
        session.kickHandler(line -> end(CloseReason.KICKED, "kicked by an operator",
                io.postern.engine.MailProtocol.KICK_TEXT));
    }

    /** Whether the session has ended: whatever still arrives is dropped. */
    boolean ended() {
        return ended;
    }

    void flush() {
        client.flush();
        upstream.flush();
    }

    /** Sets both channels' reading from their gates again, for when something else turned it on. */
    void reapplyReadGates() {
        clientReads.reapply();
        upstreamReads.reapply();
    }

    /**
     * Postern answered the client itself: when the client does not read what it is sent, or
     * too many of Postern's lines wait for their turn, reading more commands would only pile
     * up answers, so the client's reads pause.
     */
    void answeredLocally() {
        if (!client.isWritable() || output.held() + order.held() > MAX_HELD_LINES) {
            clientReads.close(ReadGate.Reason.OWN_BACKPRESSURE);
        }
    }

    /** The client drained, or Postern's lines went out: its reads may go on. */
    void localAnswersEased() {
        if (clientReads.isClosed(ReadGate.Reason.OWN_BACKPRESSURE) && client.isWritable()
                && output.held() + order.held() <= MAX_HELD_LINES) {
            clientReads.open(ReadGate.Reason.OWN_BACKPRESSURE);
        }
    }

    /** A line of Postern's own, with its line ending. */
    ByteBuf line(String text) {
        ByteBuf line = client.alloc().buffer(text.length() + 2);
        line.writeCharSequence(text, StandardCharsets.UTF_8);
        return line.writeByte('\r').writeByte('\n');
    }

    /** A filter closed the session ({@code Close}) or failed, saying {@code message}. */
    void closedByFilter(String message) {
        boolean failed = message.equals(FilterChain.INTERNAL_ERROR);
        end(failed ? CloseReason.INTERNAL_ERROR : CloseReason.PROTOCOL_ERROR,
                failed ? "post-login filter failed" : "closed by a post-login filter", message);
    }

    /** A filter's verdict cannot be carried out (it is logged, and the session ends as if the filter failed). */
    void filterMisbehaved(String what) {
        session.log().error("post-login filter: {}", what);
        end(CloseReason.INTERNAL_ERROR, "post-login filter: " + what, FilterChain.INTERNAL_ERROR);
    }

    /**
     * Postern ends the session: {@code * BYE <goodbye>} to the client, unless that would fall
     * inside a server message being streamed (then the client is only closed), and both
     * connections closed once what was written is flushed.
     */
    void end(CloseReason reason, String detail, String goodbye) {
        if (ended) {
            return;
        }
        session.log().info("ending the session: {}", detail);
        stop(reason, detail);
        if (output.atBoundary()) {
            toClient.write(line("* BYE " + goodbye));
        }
        closeOnFlush(client);
        closeOnFlush(upstream);
    }

    /** One side closed its connection: the other is closed once what was written to it is flushed. */
    void closed(boolean clientSide) {
        if (!ended) {
            stop(clientSide ? CloseReason.CLIENT_CLOSED : CloseReason.UPSTREAM_CLOSED, "");
        }
        closeOnFlush(clientSide ? upstream : client);
    }

    /**
     * Something failed on one side: its connection (an I/O error, logged at debug) or the
     * relay itself (a bug, logged as an error, the session ending as an internal error).
     */
    void failed(boolean clientSide, Throwable cause) {
        String side = clientSide ? "client" : "upstream";
        CloseReason reason;
        if (cause instanceof IOException) {
            session.log().debug("{} connection failed: {}", side, cause.toString());
            reason = clientSide ? CloseReason.CLIENT_CLOSED : CloseReason.UPSTREAM_CLOSED;
        } else {
            session.log().error("relaying the {}'s bytes failed: {}", side, cause.toString());
            reason = CloseReason.INTERNAL_ERROR;
        }
        if (!ended) {
            stop(reason, cause.toString());
        }
        client.close();
        upstream.close();
    }

    private void stop(CloseReason reason, String detail) {
        ended = true;
        session.closing(reason, detail);
        commands.close();
        responses.close();
        forwarder.release();
        order.release();
        output.release();
        chain.close();
    }

    private static void closeOnFlush(Channel channel) {
        if (channel.isActive()) {
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
