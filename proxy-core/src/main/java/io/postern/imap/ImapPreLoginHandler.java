package io.postern.imap;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.postern.config.CoreDirectives;
import io.postern.config.ServerSettings;
import io.postern.engine.ClientTls;
import io.postern.engine.LoginFlow;
import io.postern.engine.LoginAttempt;
import io.postern.engine.PreLoginCounters;
import io.postern.engine.Session;
import io.postern.sasl.Salt;
import io.postern.sasl.SaslExchange;
import io.postern.sasl.SaslMechanism;
import io.postern.spi.AuthDecision;
import io.postern.spi.CloseReason;
import io.postern.spi.Credentials;
import io.postern.tls.StartTlsMode;
import java.util.List;

/**
 * The IMAP dialogue before login (nginx's {@code ngx_mail_imap_auth_state}): greeting,
 * CAPABILITY, NOOP, LOGOUT, ID, LOGIN and AUTHENTICATE, in nginx's words, with
 * {@code max_errors} and {@code max_commands} ({@link PreLoginCounters}). Commands are
 * answered one at a time in the order they came; the decoder holds back whatever follows a
 * login until its outcome is known, so commands pipelined behind a successful login reach
 * the upstream, in order, after it.
 */
public final class ImapPreLoginHandler extends ChannelInboundHandlerAdapter {

    static final String DECODER = "imap-decoder";
    static final String HANDLER = "imap-prelogin";

    /** The commands of the not-authenticated state this handler answers. */
    static final java.util.Set<String> VERBS = java.util.Set.of("CAPABILITY", "NOOP", "LOGOUT", "ID", "LOGIN",
            "AUTHENTICATE", "STARTTLS");

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private final Session session;
    private final ServerSettings settings;
    private final LoginFlow loginFlow;
    private final ImapCommandDecoder decoder;
    /** AUTHENTICATE's exchange, made when a client first sends one (most log in with LOGIN). */
    private SaslExchange authenticate;
    /** The tag of the AUTHENTICATE command in progress. */
    private String authenticateTag;
    /** A bearer token's rejection whose error challenge is out: answered after the next line. */
    private AuthDecision.Rejected bearerRejection;
    private final PreLoginCounters counters;
    /** The fields of the client's own ID, forwarded with {@code proxy_imap_id}. */
    private List<ImapValue> clientIdFields = List.of();
    /** Set once the session's last answer is written: nothing the client sent after it counts. */
    private boolean closing;

    ImapPreLoginHandler(Session session, LoginFlow loginFlow, ImapCommandDecoder decoder) {
        this.session = session;
        this.settings = session.settings();
        this.loginFlow = loginFlow;
        this.decoder = decoder;
        this.counters = settings.preLoginCounters();
    }

    private SaslExchange authenticate() {
        if (authenticate == null) {
            List<SaslMechanism> mechanisms = settings.imapAuth().stream().map(SaslMechanism::fromConfigName)
                    .flatMap(java.util.Optional::stream).toList();
            authenticate = new SaslExchange(mechanisms, () -> Salt.generate(settings.serverName(), RANDOM));
        }
        return authenticate;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(ImapReplies.line(ctx, "* OK " + settings.imapGreeting()));
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (closing) {
                return; // decoded in the same batch as the command that ended the session
            }
            if (msg instanceof ImapCommand command) {
                if (withinCommandLimit(ctx, command.tag())) {
                    onCommand(ctx, command);
                }
            } else if (msg instanceof ImapLiteralRequest) {
                ctx.writeAndFlush(ImapReplies.line(ctx, "+ OK"));
            } else if (msg instanceof ImapContinuation continuation) {
                if (withinCommandLimit(ctx, authenticateTag)) {
                    onAuthenticateStep(ctx, authenticate().next(continuation.line()));
                }
            } else if (msg instanceof ImapDecodeError error) {
                unreadable(ctx, error.tag(), error.mustClose());
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
        ctx.fireChannelReadComplete();
    }

    private void onCommand(ChannelHandlerContext ctx, ImapCommand command) {
        String tag = command.tag();
        switch (command.verb()) {
            case "CAPABILITY" -> ctx.write(ImapReplies.lines(ctx, "* CAPABILITY " + capabilities(),
                    tag + " OK completed"));
            case "NOOP" -> ctx.write(ImapReplies.line(ctx, tag + " OK completed"));
            case "LOGOUT" -> closeAfter(ctx, ImapReplies.lines(ctx, "* BYE", tag + " OK completed"),
                    CloseReason.CLIENT_QUIT, "");
            case "ID" -> id(ctx, command);
            case "LOGIN" -> login(ctx, command);
            case "AUTHENTICATE" -> authenticate(ctx, command);
            case "STARTTLS" -> starttls(ctx, tag);
            default -> unreadable(ctx, tag, false); // nginx's parser knows no other verb
        }
    }

    /** {@code starttls only}: no login command before TLS (nginx's {@code ngx_mail_starttls_only}). */
    private boolean needsTlsFirst() {
        return settings.tls().starttls() == StartTlsMode.ONLY && !session.secure();
    }

    private void authenticate(ChannelHandlerContext ctx, ImapCommand command) {
        if (needsTlsFirst()) {
            invalid(ctx, command.tag());
            return;
        }
        authenticateTag = command.tag();
        onAuthenticateStep(ctx, startAuthenticate(command.arguments()));
    }

    /**
     * nginx's {@code ngx_mail_imap_starttls}: allowed once, on a plain connection, when
     * {@code starttls} is on or only. Whatever the client sent after the command is dropped
     * before the handshake (the decoder stopped right after STARTTLS), so a pipelined LOGIN
     * can never run as if it came over TLS.
     */
    private void starttls(ChannelHandlerContext ctx, String tag) {
        if (!settings.tls().offersStartTls() || session.secure()) {
            invalid(ctx, tag);
            return;
        }
        decoder.discardBuffered();
        ClientTls.startTls(session, ctx, ImapReplies.line(ctx, tag + " OK completed"),
                ImapProtocol::certificateRefusalLine);
    }


    /** {@code ID} is answered (RFC 2971), not refused as nginx does: clients send it before logging in. */
    private void id(ChannelHandlerContext ctx, ImapCommand command) {
        if (!ImapIdArguments.valid(command.arguments())) {
            unreadable(ctx, command.tag(), false); // nginx's parser knows no ID at all
            return;
        }
        ImapValue fields = command.arguments().get(0);
        clientIdFields = fields instanceof ImapValue.ParenList list ? list.items() : List.of();
        ctx.write(ImapReplies.lines(ctx, "* ID NIL", command.tag() + " OK completed"));
    }

    private void login(ChannelHandlerContext ctx, ImapCommand command) {
        List<ImapValue> args = command.arguments();
        if (needsTlsFirst() || args.size() != 2 || args.get(0) instanceof ImapValue.ParenList || args.get(1) instanceof ImapValue.ParenList
                || args.get(0).text().isEmpty()) {
            invalid(ctx, command.tag());
            return;
        }
        startLogin(ctx, command.tag(), new Credentials.Plain(args.get(0).text(), args.get(1).text()));
    }

    /** {@code AUTHENTICATE <mechanism> [<initial response>]}, both plain strings (RFC 3501, 4959). */
    private SaslExchange.Step startAuthenticate(List<ImapValue> arguments) {
        if (arguments.isEmpty() || !(arguments.get(0) instanceof ImapValue.Atom)
                || arguments.stream().anyMatch(a -> a instanceof ImapValue.ParenList)) {
            return new SaslExchange.Step.Invalid();
        }
        return authenticate().start(arguments.stream().map(ImapValue::text).toList());
    }

    private void onAuthenticateStep(ChannelHandlerContext ctx, SaslExchange.Step step) {
        String tag = authenticateTag;
        if (bearerRejection != null) {
            AuthDecision.Rejected rejection = bearerRejection;
            bearerRejection = null;
            LoginAttempt.afterBearerError(ctx, rejection, step instanceof SaslExchange.Step.ErrorAcknowledged,
                    invalidAnswer(ctx, tag), new Answers(tag));
        } else if (step instanceof SaslExchange.Step.Challenge challenge) {
            ctx.writeAndFlush(ImapReplies.line(ctx, "+ " + challenge.text()));
            decoder.expectContinuation();
        } else if (step instanceof SaslExchange.Step.Done done) {
            startLogin(ctx, tag, done.credentials());
        } else if (step instanceof SaslExchange.Step.Cancelled) {
            ctx.write(ImapReplies.line(ctx, tag + " BAD authentication cancelled"));
        } else {
            invalid(ctx, tag);
        }
    }

    private void startLogin(ChannelHandlerContext ctx, String tag, Credentials credentials) {
        String idLine = settings.directives().flag(CoreDirectives.PROXY_IMAP_ID)
                ? ImapIdForwarding.line(session, clientIdFields) : null;
        ImapUpstreamLogin upstreamLogin = new ImapUpstreamLogin(tag, settings.proxyLineLimit(), idLine,
                session.mayBeFiltered() ? session::imapHierarchy : null);
        LoginAttempt.upstreamBearerMechanism(settings, credentials).ifPresent(upstreamLogin::withBearer);
        LoginAttempt.start(ctx, session, decoder, loginFlow, credentials, upstreamLogin, new Answers(tag));
    }

    /** IMAP's words for a login's outcomes: tagged with the login command's tag. */
    private final class Answers implements LoginAttempt.Answers {
        private final String tag;

        Answers(String tag) {
            this.tag = tag;
        }

        @Override
        public ByteBuf rejected(ChannelHandlerContext ctx, AuthDecision.Rejected decision) {
            return ImapReplies.line(ctx, tag + " NO " + decision.message());
        }

        @Override
        public ByteBuf internalError(ChannelHandlerContext ctx) {
            return ImapReplies.line(ctx, "* BAD internal server error");
        }

        @Override
        public void closeAfter(ChannelHandlerContext ctx, ByteBuf answer, CloseReason reason, String detail) {
            ImapPreLoginHandler.this.closeAfter(ctx, answer, reason, detail);
        }

        @Override
        public void bearerError(ChannelHandlerContext ctx, Credentials.BearerMechanism mechanism, String challenge,
                                AuthDecision.Rejected decision) {
            authenticateTag = tag;
            bearerRejection = decision;
            ctx.write(ImapReplies.line(ctx, "+ " + authenticate().bearerError(mechanism, challenge).text()));
            decoder.expectContinuation();
        }
    }

    private void internalError(ChannelHandlerContext ctx, String reason) {
        closeAfter(ctx, ImapReplies.line(ctx, "* BAD internal server error"), CloseReason.INTERNAL_ERROR, reason);
    }

    /**
     * Sends the last answer and closes. Commands the client pipelined behind the one that ended
     * the session must not be acted on (a LOGIN after the max_errors-th error would otherwise
     * still reach the AUTH phase): the decoder is held, and what it already decoded in the same
     * batch is ignored.
     */
    private void closeAfter(ChannelHandlerContext ctx, ByteBuf answer, CloseReason reason, String detail) {
        closing = true;
        decoder.hold();
        session.closing(reason, detail);
        ctx.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
    }

    /** nginx's answer to a command it parsed and refused where it stands; not counted toward {@code max_errors}. */
    private void invalid(ChannelHandlerContext ctx, String tag) {
        ctx.write(invalidAnswer(ctx, tag));
    }

    /**
     * nginx's answer to a line its parser could not read, counted toward {@code max_errors}.
     * The {@code max_errors}-th one is still answered, then the connection is closed, as it
     * is after input that cannot be skipped.
     */
    private void unreadable(ChannelHandlerContext ctx, String tag, boolean mustClose) {
        if (mustClose || counters.lastError()) {
            closeAfter(ctx, invalidAnswer(ctx, tag), CloseReason.PROTOCOL_ERROR,
                    mustClose ? "invalid input that cannot be skipped" : "too many invalid commands");
            return;
        }
        ctx.write(invalidAnswer(ctx, tag));
    }

    /** Counts a command; the one past {@code max_commands} gets the invalid answer and a close (nginx 1.31). */
    private boolean withinCommandLimit(ChannelHandlerContext ctx, String tag) {
        if (counters.command()) {
            return true;
        }
        closeAfter(ctx, invalidAnswer(ctx, tag), CloseReason.PROTOCOL_ERROR, "too many commands");
        return false;
    }

    private static ByteBuf invalidAnswer(ChannelHandlerContext ctx, String tag) {
        return ImapReplies.line(ctx, (tag == null ? "*" : tag) + " BAD invalid command");
    }

    /**
     * nginx's three lists: the plain one once TLS is up or without starttls; with
     * {@code starttls on} it ends with {@code STARTTLS}; with {@code only} it offers no
     * {@code AUTH=} and ends with {@code STARTTLS LOGINDISABLED}.
     */
    private String capabilities() {
        List<String> advertised = advertised();
        if (session.secure() || !settings.tls().offersStartTls()) {
            return ImapReplies.capabilities(advertised, settings.imapAuth());
        }
        if (settings.tls().starttls() == StartTlsMode.ONLY) {
            return ImapReplies.capabilities(advertised, List.of()) + " STARTTLS LOGINDISABLED";
        }
        return ImapReplies.capabilities(advertised, settings.imapAuth()) + " STARTTLS";
    }

    /**
     * {@code imap_capabilities}, without {@code COMPRESS=DEFLATE} when a logged-in session of this
     * server may be framed for filters: the framed relay refuses {@code COMPRESS} (compressed
     * bytes could not be parsed), and a client must not be offered what it will be refused.
     */
    private List<String> advertised() {
        List<String> configured = settings.imapCapabilities();
        if (!session.mayBeFiltered() || configured.stream().noneMatch(ImapPreLoginHandler::isCompress)) {
            return configured;
        }
        return configured.stream().filter(c -> !isCompress(c)).toList();
    }

    private static boolean isCompress(String capability) {
        return capability.equalsIgnoreCase("COMPRESS=DEFLATE");
    }


}
