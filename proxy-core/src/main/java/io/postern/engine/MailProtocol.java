package io.postern.engine;

import io.netty.channel.ChannelPipeline;
import io.postern.module.Phases;
import io.postern.spi.Protocol;
import io.postern.spi.Refusal;
import io.postern.spi.SessionInfo;

/**
 * One protocol's part of the engine (nginx's {@code ngx_mail_protocol_t}): the core never
 * branches on the protocol by hand, it asks the protocol's descriptor.
 */
public interface MailProtocol {

    Protocol protocol();

    /**
     * Installs the pre-login handlers on a new client's pipeline, after the core's own. They
     * greet the client, run the pre-login dialogue, call {@link LoginFlow#login} with the
     * credentials, answer the outcome and, once logged in, hand over to {@link Relay#start}.
     */
    void initClient(Session session, ChannelPipeline pipeline, LoginFlow loginFlow);

    /**
     * The last line sent to a client whose certificate {@code ssl_verify_client} refuses,
     * without its line ending: nginx's {@code * BYE <reason>}, {@code -ERR <reason>} or
     * {@code 421 4.7.1 <reason>}.
     */
    String certificateRefusal(String reason);

    /**
     * The last line sent to a client the core refuses, without its line ending: at connect
     * time ({@code access}, a per-address or the process-wide limit) in place of the greeting,
     * or in answer to a login a per-user limit refuses. {@code * BYE …}, {@code -ERR [SYS/TEMP] …}
     * or {@code -ERR [IN-USE] …} (RFC 2449/3206), {@code 421 4.7.0 …}; Dovecot's and Postfix's
     * words where they have some.
     */
    String refusal(Refusal refusal, SessionInfo session);

    /**
     * The last line sent to a logged-in client before Postern closes the session itself (a
     * post-login filter's {@code Close} verdict or failure), without its line ending:
     * {@code * BYE <text>}, {@code -ERR <text>}, {@code 421 4.3.0 <text>}.
     */
    String goodbye(String text);

    /**
     * The last line sent to a client that has not logged in when Postern stops
     * ({@code postern -s quit} once {@code shutdown_timeout} has run out, or {@code -s stop}),
     * without its line ending: {@code * BYE …}, {@code -ERR …}; SMTP overrides it with
     * RFC 3463's {@code 421 4.3.2 …} (system not accepting network messages).
     */
    default String shutdownGoodbye() {
        return goodbye(SHUTDOWN_TEXT);
    }

    /**
     * The last line sent to a client whose sessions an operator closes ({@code SessionControl.kick}),
     * without its line ending: {@code * BYE …}, {@code -ERR …}; SMTP overrides it with
     * {@code 421 4.7.0 …} (a policy reason, RFC 3463).
     */
    default String kickGoodbye() {
        return goodbye(KICK_TEXT);
    }

    /** The words of {@link #kickGoodbye}. */
    String KICK_TEXT = "Disconnected by the administrator";

    /** The words of {@link #shutdownGoodbye}, Dovecot's. */
    String SHUTDOWN_TEXT = "Server shutting down";

    /**
     * The POST-LOGIN phase of this protocol's sessions, built once from the phases: the framed
     * relay through the protocol's filters, and for the sessions the protocol's own rules say
     * must be framed (SMTP's {@code xclient} and {@code smtp_forbid_bare_newline}), or
     * {@link PostLogin#RAW} when there is neither.
     */
    default PostLogin postLogin(Phases phases) {
        return PostLogin.RAW;
    }
}
