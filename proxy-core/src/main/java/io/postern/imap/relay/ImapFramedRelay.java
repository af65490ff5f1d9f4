package io.postern.imap.relay;

import io.postern.config.ServerSettings;
import io.postern.engine.Relay;
import io.postern.engine.Session;
import io.postern.relay.FilterChain;
import io.postern.relay.FramedConnection;
import io.postern.relay.FramedHandlers;
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

    /** The handlers of one session over {@code connection}; see {@link io.postern.relay.FilteredPostLogin.FramedRelay}. */
    public static FramedHandlers handlers(Session session, FramedConnection connection,
                                          FilterChain<ImapCommand, ImapResponse> chain) {
        return handlers(session, connection, chain, chain.inlineLimit(INLINE_FLOOR, INLINE_CEILING));
    }

    /** The handlers, with literals up to {@code inlineLimit} gathered (tests use small ones). */
    static FramedHandlers handlers(Session session, FramedConnection connection, FilterChain<ImapCommand, ImapResponse> chain,
                             int inlineLimit) {
        ImapCommandFraming commands = new ImapCommandFraming(connection.clientGate(),
                ServerSettings.postLoginLineLimit(session.settings().imapClientBuffer()), inlineLimit);
        ImapResponseFraming responses = new ImapResponseFraming(connection.upstreamGate(), MAX_RESPONSE_LINE,
                inlineLimit);
        ImapRelaySession relay = new ImapRelaySession(connection, chain, commands, responses);
        return new FramedHandlers(commands, new ClientSide(relay), responses, new UpstreamSide(relay));
    }
}
