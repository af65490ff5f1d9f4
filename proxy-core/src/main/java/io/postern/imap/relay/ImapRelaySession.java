package io.postern.imap.relay;

import io.netty.buffer.ByteBuf;
import io.postern.imap.LiteralSupport;
import io.postern.imap.UpstreamCapabilities;
import io.postern.relay.FilterChain;
import io.postern.relay.FramedConnection;
import io.postern.relay.ReplyQueue;
import io.postern.relay.SeenCommand;
import io.postern.spi.imap.ImapCommand;
import io.postern.spi.imap.ImapResponse;

/**
 * What IMAP adds to a framed session ({@link FramedConnection}), shared by its two handlers
 * ({@link ClientSide} and {@link UpstreamSide}): the filters, both decoders, the replies paired
 * by tag, the literal handshake and the upstream's literal support. Confined to the session's
 * event loop.
 */
final class ImapRelaySession {

    final FramedConnection connection;
    final FilterChain<ImapCommand, ImapResponse> chain;
    final ImapCommandFraming commands;
    final ImapResponseFraming responses;
    final ReplyQueue<SeenCommand<ImapCommand>> order;
    final CommandForwarder forwarder;
    final LiteralSupport literals;
    final ImapEncoder encoder;

    ImapRelaySession(FramedConnection connection, FilterChain<ImapCommand, ImapResponse> chain,
                     ImapCommandFraming commands, ImapResponseFraming responses) {
        this.connection = connection;
        this.chain = chain;
        this.commands = commands;
        this.responses = responses;
        this.order = new ReplyQueue<>(connection::answerClient);
        this.forwarder = new CommandForwarder(connection, commands);
        this.literals = new LiteralSupport(UpstreamCapabilities.take(connection.upstream()));
        this.encoder = new ImapEncoder(literals);
        connection.countQueuedAnswers(order::heldAnswers);
        connection.onEnd(() -> {
            commands.discardInput();
            responses.discardInput();
            forwarder.release();
            order.clear();
            chain.close();
        });
    }

    /** Postern answers the client itself, in the client's order; the client's reads pause while too many wait. */
    void answer(ByteBuf lines) {
        order.answer(lines);
        connection.answeredLocally();
    }
}
