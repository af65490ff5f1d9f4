package io.postern.imap.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.postern.config.ServerSettings;
import io.postern.engine.Relay;
import io.postern.engine.Session;
import io.postern.relay.FilterChain;
import io.postern.relay.FramedConnection;
import io.postern.spi.imap.ImapCommand;
import io.postern.spi.imap.ImapResponse;

/**
 * The framed relay of IMAP sessions with post-login filters: installs a command decoder and
 * {@link ClientSide} on the client's pipeline, a response decoder and {@link UpstreamSide} on
 * the upstream's, in place of the pre-login handlers (see {@link Relay#install}).
 */
public final class ImapFramedRelay {

    /**
     * Literals up to this size are always gathered into their message, so that filters see
     * mailbox names, search strings and flags sent as literals whole.
     */
    public static final int INLINE_FLOOR = 8 * 1024;

    /**
     * No literal larger than this is gathered, whatever a filter's {@code inlineLimit} asks:
     * larger ones (message bodies) are streamed. Also the most literal bytes gathered into one
     * message, so a command cannot pile up many literals in memory.
     */
    public static final int INLINE_CEILING = 1024 * 1024;

    /**
     * The longest response line (without its literals) parsed for filters; a longer one (a
     * {@code SEARCH} result over a huge mailbox) is relayed raw, unseen. Commands are held to
     * {@code imap_client_buffer}.
     */
    public static final int MAX_RESPONSE_LINE = 64 * 1024;

    private ImapFramedRelay() {
    }

    /** Starts relaying {@code session} through {@code chain}; see {@link io.postern.relay.FilteredPostLogin.FramedRelay}. */
    public static void start(Session session, Channel upstream, FilterChain<ImapCommand, ImapResponse> chain,
                             ByteBuf loginReply) {
        Handlers handlers = handlers(session, upstream, chain);
        Relay.install(session, upstream, handlers.client(), handlers.upstream(), loginReply);
        // install() turns reading on for both channels last, while the commands the client
        // pipelined behind its login may already have paused it (a literal awaiting the upstream).
        handlers.relay().connection.clientGate().reapply();
        handlers.relay().connection.upstreamGate().reapply();
    }

    /** The handlers of both pipelines, decoder first, sharing one session's relay state. */
    static Handlers handlers(Session session, Channel upstream, FilterChain<ImapCommand, ImapResponse> chain) {
        return handlers(session, upstream, chain, chain.inlineLimit(INLINE_FLOOR, INLINE_CEILING));
    }

    /** The handlers, with literals up to {@code inlineLimit} gathered (tests use small ones). */
    static Handlers handlers(Session session, Channel upstream, FilterChain<ImapCommand, ImapResponse> chain,
                             int inlineLimit) {
        FramedConnection connection = FramedConnection.of(session, upstream, text -> "* BYE " + text);
        ImapCommandFraming commands = new ImapCommandFraming(connection.clientGate(),
                ServerSettings.postLoginLineLimit(session.settings().imapClientBuffer()), inlineLimit);
        ImapResponseFraming responses = new ImapResponseFraming(connection.upstreamGate(), MAX_RESPONSE_LINE,
                inlineLimit);
        ImapRelaySession relay = new ImapRelaySession(connection, chain, commands, responses);
        return new Handlers(new ChannelHandler[] {commands, new ClientSide(relay)},
                new ChannelHandler[] {responses, new UpstreamSide(relay)}, relay);
    }

    /** The handlers to install, and their shared state (for tests). */
    record Handlers(ChannelHandler[] client, ChannelHandler[] upstream, ImapRelaySession relay) {
    }
}
