package io.postern.imap;

import io.netty.channel.ChannelPipeline;
import io.postern.engine.LoginFlow;
import io.postern.engine.MailProtocol;
import io.postern.engine.PostLogin;
import io.postern.engine.Session;
import io.postern.relay.FilteredPostLogin;
import io.postern.imap.relay.ImapFramedRelay;
import io.postern.module.Phases;
import io.postern.spi.Protocol;
import io.postern.spi.Refusal;
import io.postern.spi.SessionInfo;
import io.postern.spi.imap.ImapCommand;

/** IMAP's descriptor for the engine. */
public final class ImapProtocol implements MailProtocol {

    @Override
    public Protocol protocol() {
        return Protocol.IMAP;
    }

    @Override
    public String goodbye(String text) {
        return "* BYE " + text;
    }

    /**
     * The framed relay for sessions a filter wants; a session left to the raw relay forgets the
     * capability line its upstream announced at login, which only the framed relay reads: an
     * idle session should not carry a few hundred bytes of it for its whole life.
     */
    @Override
    public PostLogin postLogin(Phases phases) {
        PostLogin filtered = FilteredPostLogin.of(phases.imapFilters(), ImapFramedRelay::handlers, ImapCommand::verb,
                this::goodbye);
        return (session, upstream, loginReply) -> {
            if (filtered.startFiltered(session, upstream, loginReply)) {
                return true;
            }
            UpstreamCapabilities.take(upstream);
            return false;
        };
    }

    @Override
    public String refusal(Refusal refusal, SessionInfo session) {
        return "* BYE " + switch (refusal) {
            case ACCESS_DENIED -> "Access denied";
            case CONNECTIONS_PER_IP -> "Too many connections from your address";
            case CONNECTION_RATE -> "Too many new connections from your address, try again later";
            case CONNECTIONS_PER_USERIP -> "Maximum number of connections from user+IP exceeded";
            case CONNECTIONS_PER_USER -> "Maximum number of connections from user exceeded";
            case CONNECTIONS_TOTAL -> "Server busy, try again later";
        };
    }

    @Override
    public String certificateRefusal(String reason) {
        return certificateRefusalLine(reason);
    }

    /** nginx's {@code * BYE SSL certificate error} and {@code * BYE No required SSL certificate}. */
    static String certificateRefusalLine(String reason) {
        return "* BYE " + reason;
    }

    @Override
    public void initClient(Session session, ChannelPipeline pipeline, LoginFlow loginFlow) {
        ImapCommandDecoder decoder = new ImapCommandDecoder(session.settings().imapClientBuffer(),
                ImapPreLoginHandler.VERBS);
        pipeline.addLast(ImapPreLoginHandler.DECODER, decoder)
                .addLast(ImapPreLoginHandler.HANDLER, new ImapPreLoginHandler(session, loginFlow, decoder));
    }
}
