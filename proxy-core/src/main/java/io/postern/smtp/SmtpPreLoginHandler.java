package io.postern.smtp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.postern.engine.ClientTls;
import io.postern.engine.CommandLine;
import io.postern.engine.CommandLineDecoder;
import io.postern.engine.LoginFlow;
import io.postern.engine.LoginAttempt;
import io.postern.engine.PreLoginCounters;
import io.postern.engine.Session;
import io.postern.sasl.Salt;
import io.postern.sasl.SaslExchange;
import io.postern.spi.AuthDecision;
import io.postern.spi.CloseReason;
import io.postern.spi.Credentials;
import io.postern.tls.StartTlsMode;
import java.util.List;

/**
 * The SMTP dialogue before login (nginx's {@code ngx_mail_smtp_auth_state}): greeting,
 * HELO/EHLO, AUTH, MAIL and RCPT for {@code smtp_auth none}, RSET, NOOP and QUIT, in nginx's
 * words, with {@code max_errors}. Commands are answered one at a time in the order they came
 * (RFC 2920 pipelining); the decoder holds back whatever follows the command that starts a
 * login, so MAIL, RCPT or DATA pipelined behind a successful AUTH reach the upstream, in
 * order, after the login.
 */
public final class SmtpPreLoginHandler extends ChannelInboundHandlerAdapter {

    static final String GREETING_DELAY = "smtp-greeting-delay";
    static final String DECODER = "smtp-decoder";
    static final String HANDLER = "smtp-prelogin";

    private final Session session;
    private final SmtpSettings settings;
    private final LoginFlow loginFlow;
    private final CommandLineDecoder decoder;
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private final SaslExchange auth;
    private final LoginAttempt.Answers answers = new Answers();
    private final boolean greet;
    private SmtpEnvelope envelope = SmtpEnvelope.EMPTY;
    private final PreLoginCounters counters;
    /** A bearer token's rejection whose error challenge is out: answered after the next line. */
    private AuthDecision.Rejected bearerRejection;

    /**
     * @param greet whether to greet when the client connects; not when {@link SmtpGreetingDelay} greets later
     */
    SmtpPreLoginHandler(Session session, SmtpSettings settings, LoginFlow loginFlow, CommandLineDecoder decoder,
                        boolean greet) {
        this.session = session;
        this.settings = settings;
        this.loginFlow = loginFlow;
        this.decoder = decoder;
        this.counters = session.settings().preLoginCounters();
        this.auth = new SaslExchange(settings.mechanisms(), () -> Salt.generate(settings.serverName(), RANDOM));
        this.greet = greet;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (greet) {
            ctx.writeAndFlush(reply(ctx, settings.greeting()));
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof CommandLine line)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (line.tooLong()) {
            answerAndClose(ctx, reply(ctx, SmtpReplies.INVALID_COMMAND), CloseReason.PROTOCOL_ERROR,
                    "command longer than smtp_client_buffer");
        } else if (auth.waiting()) {
            if (withinCommandLimit(ctx)) {
                onAuthStep(ctx, auth.next(line.text()));
            }
        } else {
            onCommand(ctx, SmtpCommand.parse(line.text()));
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
        ctx.fireChannelReadComplete();
    }

    private void onCommand(ChannelHandlerContext ctx, SmtpCommand command) {
        if (command.malformed() || !command.known()) {
            unreadable(ctx);
            return;
        }
        if (!withinCommandLimit(ctx)) {
            return;
        }
        switch (command.verb()) {
            case "HELO", "EHLO" -> hello(ctx, command);
            case "AUTH" -> authenticate(ctx, command.arguments());
            case "QUIT" -> answerAndClose(ctx, reply(ctx, SmtpReplies.BYE), CloseReason.CLIENT_QUIT, "");
            case "MAIL" -> mail(ctx, command);
            case "RCPT" -> rcpt(ctx, command);
            case "RSET" -> {
                envelope = envelope.reset();
                ctx.write(reply(ctx, SmtpReplies.OK));
            }
            case "NOOP" -> ctx.write(reply(ctx, SmtpReplies.OK));
            case "STARTTLS" -> starttls(ctx);
            default -> invalid(ctx); // VRFY, EXPN, HELP
        }
    }

    /**
     * nginx's {@code ngx_mail_smtp_starttls}: allowed on a plain connection when
     * {@code starttls} is on or only. What the client sent after the command is dropped, and
     * so are HELO, MAIL and RCPT (RFC 3207 4.2: the client starts over with EHLO), so nothing
     * said in plain text is acted on after the handshake.
     */
    private void starttls(ChannelHandlerContext ctx) {
        if (!session.settings().tls().offersStartTls() || session.secure()) {
            invalid(ctx);
            return;
        }
        decoder.discardBuffered();
        envelope = SmtpEnvelope.EMPTY;
        ClientTls.startTls(session, ctx, reply(ctx, SmtpReplies.START_TLS), SmtpProtocol::certificateRefusalLine);
    }

    /** {@code starttls only}: no AUTH before TLS (nginx's {@code ngx_mail_starttls_only}). */
    private boolean needsTlsFirst() {
        return session.settings().tls().starttls() == StartTlsMode.ONLY && !session.secure();
    }

    /**
     * nginx's three EHLO answers: the plain one once TLS is up or without starttls;
     * {@code 250 STARTTLS} last with {@code starttls on}; with {@code only}, no AUTH line.
     */
    private List<String> ehlo() {
        if (session.secure() || !session.settings().tls().offersStartTls()) {
            return settings.ehlo();
        }
        return SmtpReplies.withStartTls(settings.ehlo(), session.settings().tls().starttls() == StartTlsMode.ONLY);
    }

    private void hello(ChannelHandlerContext ctx, SmtpCommand command) {
        if (command.arguments().size() != 1) {
            ctx.write(reply(ctx, SmtpReplies.INVALID_ARGUMENT));
            return;
        }
        boolean extended = command.verb().equals("EHLO");
        envelope = envelope.hello(command.arguments().get(0), extended);
        ctx.write(extended ? SmtpReplies.lines(ctx.alloc(), ehlo()) : reply(ctx, settings.heloReply()));
    }

    private void authenticate(ChannelHandlerContext ctx, List<String> arguments) {
        if (needsTlsFirst()) {
            invalid(ctx);
            return;
        }
        if (arguments.isEmpty()) {
            ctx.write(reply(ctx, SmtpReplies.INVALID_ARGUMENT));
            return;
        }
        onAuthStep(ctx, auth.start(arguments));
    }

    /** nginx: without {@code none} MAIL needs AUTH first; with it, one sender is stored and answered locally. */
    private void mail(ChannelHandlerContext ctx, SmtpCommand command) {
        if (!settings.authNone()) {
            session.log().info("client was rejected: MAIL before authentication");
            ctx.write(reply(ctx, SmtpReplies.AUTH_REQUIRED));
        } else if (!envelope.mailFrom().isEmpty()) {
            ctx.write(reply(ctx, SmtpReplies.BAD_SEQUENCE));
        } else if (command.arguments().isEmpty()) {
            ctx.write(reply(ctx, SmtpReplies.INVALID_ARGUMENT));
        } else {
            envelope = envelope.mail(command.line());
            ctx.write(reply(ctx, SmtpReplies.OK));
        }
    }

    /** nginx: RCPT after a stored MAIL asks the auth phase with the envelope ({@code Auth-Method: none}). */
    private void rcpt(ChannelHandlerContext ctx, SmtpCommand command) {
        if (envelope.mailFrom().isEmpty()) {
            ctx.write(reply(ctx, SmtpReplies.BAD_SEQUENCE));
        } else if (command.arguments().isEmpty()) {
            ctx.write(reply(ctx, SmtpReplies.INVALID_ARGUMENT));
        } else {
            envelope = envelope.rcpt(command.line());
            startLogin(ctx, new Credentials.None(envelope.helo(), envelope.mailFrom(), envelope.rcptTo()));
        }
    }

    private void onAuthStep(ChannelHandlerContext ctx, SaslExchange.Step step) {
        if (bearerRejection != null) {
            AuthDecision.Rejected rejection = bearerRejection;
            bearerRejection = null;
            LoginAttempt.afterBearerError(ctx, rejection, step instanceof SaslExchange.Step.ErrorAcknowledged,
                    reply(ctx, SmtpReplies.INVALID_COMMAND), answers);
        } else if (step instanceof SaslExchange.Step.Challenge challenge) {
            ctx.write(reply(ctx, SmtpReplies.challenge(challenge.text())));
        } else if (step instanceof SaslExchange.Step.Done done) {
            startLogin(ctx, done.credentials());
        } else if (step instanceof SaslExchange.Step.Cancelled) {
            ctx.write(reply(ctx, SmtpReplies.AUTH_CANCELLED));
        } else {
            invalid(ctx);
        }
    }

    private void startLogin(ChannelHandlerContext ctx, Credentials credentials) {
        SmtpUpstreamLogin upstreamLogin = SmtpUpstreamLogin.of(session, settings, envelope,
                credentials instanceof Credentials.None);
        LoginAttempt.upstreamBearerMechanism(session.settings(), credentials).ifPresent(upstreamLogin::withBearer);
        LoginAttempt.start(ctx, session, decoder, loginFlow, credentials, upstreamLogin, answers);
    }

    /** SMTP's words for a login's outcomes: the decision's code, or 535 5.7.0. */
    private final class Answers implements LoginAttempt.Answers {
        @Override
        public ByteBuf rejected(ChannelHandlerContext ctx, AuthDecision.Rejected decision) {
            return reply(ctx, decision.smtpCode().orElse(SmtpReplies.AUTH_FAILED_CODE) + " " + decision.message());
        }

        @Override
        public ByteBuf internalError(ChannelHandlerContext ctx) {
            return reply(ctx, SmtpReplies.INTERNAL_ERROR);
        }

        @Override
        public void closeAfter(ChannelHandlerContext ctx, ByteBuf answer, CloseReason reason, String detail) {
            answerAndClose(ctx, answer, reason, detail);
        }

        @Override
        public void bearerError(ChannelHandlerContext ctx, Credentials.BearerMechanism mechanism, String challenge,
                                AuthDecision.Rejected decision) {
            bearerRejection = decision;
            ctx.write(reply(ctx, SmtpReplies.challenge(auth.bearerError(mechanism, challenge).text())));
        }

        /** A refused recipient (none mode) may be followed by another: the MAIL stays, the RCPT goes. */
        @Override
        public void beforeRetry() {
            envelope = envelope.rcpt("");
        }
    }

    /** nginx's answer to a command it parsed and refused where it stands; not counted toward {@code max_errors}. */
    private void invalid(ChannelHandlerContext ctx) {
        ctx.write(reply(ctx, SmtpReplies.INVALID_COMMAND));
    }

    /**
     * nginx's answer to a line its parser could not read (an unknown verb, no verb, too many
     * arguments), counted toward {@code max_errors}: the max_errors-th is still answered, then
     * the connection is closed.
     */
    private void unreadable(ChannelHandlerContext ctx) {
        if (counters.lastError()) {
            answerAndClose(ctx, reply(ctx, SmtpReplies.INVALID_COMMAND), CloseReason.PROTOCOL_ERROR,
                    "too many invalid commands");
            return;
        }
        invalid(ctx);
    }

    /** Counts a command; the one past {@code max_commands} gets the invalid answer and a close (nginx 1.31). */
    private boolean withinCommandLimit(ChannelHandlerContext ctx) {
        if (counters.command()) {
            return true;
        }
        answerAndClose(ctx, reply(ctx, SmtpReplies.INVALID_COMMAND), CloseReason.PROTOCOL_ERROR, "too many commands");
        return false;
    }

    /** The last answer: nothing the client pipelined after it is parsed, let alone answered. */
    private void answerAndClose(ChannelHandlerContext ctx, ByteBuf answer, CloseReason reason, String detail) {
        decoder.hold();
        session.closing(reason, detail);
        ctx.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
    }

    private static ByteBuf reply(ChannelHandlerContext ctx, String text) {
        return SmtpReplies.line(ctx.alloc(), text);
    }

}
