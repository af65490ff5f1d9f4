package io.postern.pop3;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.postern.config.CoreDirectives;
import io.postern.config.ServerSettings;
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
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The POP3 dialogue before login (nginx's {@code ngx_mail_pop3_auth_state}): greeting, USER,
 * PASS, APOP, AUTH, CAPA, NOOP, QUIT and STLS, in nginx's words and with its two states
 * (start, and after USER), with {@code max_errors}. Commands are answered one at a time in
 * the order they came; the decoder holds back whatever follows a login until its outcome is
 * known, so commands pipelined behind a successful login reach the upstream, in order, after it.
 */
public final class Pop3PreLoginHandler extends ChannelInboundHandlerAdapter {

    static final String DECODER = "pop3-decoder";
    static final String HANDLER = "pop3-prelogin";

    private static final SecureRandom RANDOM = new SecureRandom();

    /** nginx's {@code ngx_pop3_start} and {@code ngx_pop3_user}; a SASL exchange is {@link SaslExchange}'s. */
    private enum State { START, AFTER_USER }

    /** Dovecot's default proxy TTL: how many proxies a login may still pass. */
    private static final int XCLIENT_TTL = 5;

    private final Session session;
    private final ServerSettings settings;
    private final Pop3Settings pop3;
    private final LoginFlow loginFlow;
    private final CommandLineDecoder decoder;
    private final String salt;
    private final SaslExchange auth;
    private final LoginAttempt.Answers answers = new Answers();
    private State state = State.START;
    private String user;
    private final PreLoginCounters counters;
    /** A bearer token's rejection whose error challenge is out: answered after the next line. */
    private AuthDecision.Rejected bearerRejection;

    Pop3PreLoginHandler(Session session, Pop3Settings pop3, LoginFlow loginFlow, CommandLineDecoder decoder) {
        this.session = session;
        this.settings = session.settings();
        this.pop3 = pop3;
        this.loginFlow = loginFlow;
        this.decoder = decoder;
        this.counters = settings.preLoginCounters();
        // One salt per session, as nginx: the greeting's, digested by APOP and by CRAM-MD5.
        this.salt = pop3.needsSalt() ? Salt.generate(settings.serverName(), RANDOM) : "";
        this.auth = new SaslExchange(pop3.mechanisms(), () -> salt);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        String greeting = salt.isEmpty() ? Pop3Replies.GREETING : Pop3Replies.GREETING + " " + salt;
        ctx.writeAndFlush(Pop3Replies.line(ctx, greeting));
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof CommandLine line) {
                onLine(ctx, line);
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

    private void onLine(ChannelHandlerContext ctx, CommandLine line) {
        if (line.tooLong()) {
            // nginx: "client sent too long command"; where the next command starts is unknown.
            closeAfter(ctx, Pop3Replies.INVALID_COMMAND, CloseReason.PROTOCOL_ERROR, "too long command");
        } else if (auth.waiting()) {
            if (withinCommandLimit(ctx)) {
                onAuthStep(ctx, auth.next(line.text()));
            }
        } else {
            Optional<Pop3Command> command = Pop3Command.parse(line.text());
            if (command.isEmpty()) {
                unreadable(ctx);
            } else if (!withinCommandLimit(ctx)) {
                return;
            } else if (state == State.AFTER_USER) {
                afterUser(ctx, command.get());
            } else {
                atStart(ctx, command.get());
            }
        }
    }

    private void atStart(ChannelHandlerContext ctx, Pop3Command command) {
        switch (command.verb()) {
            case USER -> user(ctx, command);
            case CAPA -> ctx.write(Pop3Replies.multiLine(ctx, Pop3Replies.CAPA_STATUS, capaLines()));
            case APOP -> apop(ctx, command);
            case AUTH -> auth(ctx, command);
            case NOOP -> ctx.write(Pop3Replies.line(ctx, Pop3Replies.OK));
            case QUIT -> quit(ctx);
            case STLS -> stls(ctx);
            default -> invalid(ctx);
        }
    }

    /** After USER, nginx takes only PASS, CAPA, NOOP and QUIT; anything else starts over. */
    private void afterUser(ChannelHandlerContext ctx, Pop3Command command) {
        switch (command.verb()) {
            case PASS -> pass(ctx, command);
            case CAPA -> ctx.write(Pop3Replies.multiLine(ctx, Pop3Replies.CAPA_STATUS, capaLinesAfterUser()));
            case NOOP -> ctx.write(Pop3Replies.line(ctx, Pop3Replies.OK));
            case QUIT -> quit(ctx);
            default -> invalid(ctx);
        }
    }

    private void user(ChannelHandlerContext ctx, Pop3Command command) {
        if (needsTlsFirst() || !pop3.userPass() || command.arguments().size() != 1) {
            invalid(ctx);
            return;
        }
        user = command.arguments().get(0);
        state = State.AFTER_USER;
        ctx.write(Pop3Replies.line(ctx, Pop3Replies.OK));
    }

    private void pass(ChannelHandlerContext ctx, Pop3Command command) {
        if (command.arguments().size() != 1) {
            invalid(ctx);
            return;
        }
        startLogin(ctx, new Credentials.Plain(user, command.arguments().get(0)));
    }

    private void apop(ChannelHandlerContext ctx, Pop3Command command) {
        if (needsTlsFirst() || !pop3.apop() || command.arguments().size() != 2) {
            invalid(ctx);
            return;
        }
        startLogin(ctx, new Credentials.Apop(command.arguments().get(0), salt, command.arguments().get(1)));
    }

    private void auth(ChannelHandlerContext ctx, Pop3Command command) {
        if (needsTlsFirst()) {
            invalid(ctx);
            return;
        }
        if (command.arguments().isEmpty()) {
            ctx.write(Pop3Replies.multiLine(ctx, Pop3Replies.AUTH_STATUS, pop3.mechanismNames()));
            return;
        }
        onAuthStep(ctx, auth.start(command.arguments()));
    }

    /**
     * nginx's {@code ngx_mail_pop3_stls}: allowed in the start state of a plain connection
     * when {@code starttls} is on or only, else an invalid command. What the client sent
     * after STLS is dropped before the handshake, and the dialogue restarts in the start
     * state without a new greeting.
     */
    private void stls(ChannelHandlerContext ctx) {
        if (!settings.tls().offersStartTls() || session.secure()) {
            invalid(ctx);
            return;
        }
        decoder.discardBuffered();
        ClientTls.startTls(session, ctx, Pop3Replies.line(ctx, Pop3Replies.OK), Pop3Protocol::certificateRefusalLine);
    }

    /** {@code starttls only}: no login command before TLS (nginx's {@code ngx_mail_starttls_only}). */
    private boolean needsTlsFirst() {
        return settings.tls().starttls() == StartTlsMode.ONLY && !session.secure();
    }

    /**
     * nginx's three CAPA bodies: the plain one once TLS is up or without starttls;
     * {@code STLS} added with {@code starttls on}; with {@code only}, no USER and no SASL
     * before TLS, and STLS.
     */
    private List<String> capaLines() {
        if (session.secure() || !settings.tls().offersStartTls()) {
            return pop3.capaLines();
        }
        List<String> lines = new ArrayList<>();
        for (String line : pop3.capaLines()) {
            boolean login = line.equalsIgnoreCase("USER") || line.toUpperCase(Locale.ROOT).startsWith("SASL");
            if (settings.tls().starttls() != StartTlsMode.ONLY || !login) {
                lines.add(line);
            }
        }
        lines.add("STLS");
        return lines;
    }

    /** nginx: after USER, CAPA never lists STLS (STLS is refused there). */
    private List<String> capaLinesAfterUser() {
        return pop3.capaLines();
    }

    private void quit(ChannelHandlerContext ctx) {
        closeAfter(ctx, Pop3Replies.OK, CloseReason.CLIENT_QUIT, "");
    }

    private void onAuthStep(ChannelHandlerContext ctx, SaslExchange.Step step) {
        if (bearerRejection != null) {
            AuthDecision.Rejected rejection = bearerRejection;
            bearerRejection = null;
            LoginAttempt.afterBearerError(ctx, rejection, step instanceof SaslExchange.Step.ErrorAcknowledged,
                    Pop3Replies.line(ctx, Pop3Replies.INVALID_COMMAND), answers);
        } else if (step instanceof SaslExchange.Step.Challenge challenge) {
            ctx.write(Pop3Replies.line(ctx, "+ " + challenge.text()));
        } else if (step instanceof SaslExchange.Step.Done done) {
            startLogin(ctx, done.credentials());
        } else if (step instanceof SaslExchange.Step.Cancelled) {
            ctx.write(Pop3Replies.line(ctx, Pop3Replies.CANCELLED));
        } else {
            invalid(ctx);
        }
    }

    private void startLogin(ChannelHandlerContext ctx, Credentials credentials) {
        // Whatever the outcome, a new attempt starts over: after a failed PASS, USER is needed again.
        state = State.START;
        user = null;
        String xclient = settings.directives().flag(CoreDirectives.PROXY_POP3_XCLIENT)
                ? Pop3UpstreamLogin.xclientLine(session.clientAddress(), session.id(), XCLIENT_TTL) : null;
        Pop3UpstreamLogin upstreamLogin = new Pop3UpstreamLogin(settings.proxyLineLimit(), xclient,
                message -> session.log().warn("{}", message));
        LoginAttempt.upstreamBearerMechanism(settings, credentials).ifPresent(upstreamLogin::withBearer);
        LoginAttempt.start(ctx, session, decoder, loginFlow, credentials, upstreamLogin, answers);
    }

    /**
     * nginx's answer to a command it parsed and refused where it stands, which also ends a
     * SASL exchange and a USER/PASS pair; not counted toward {@code max_errors}.
     */
    private void invalid(ChannelHandlerContext ctx) {
        state = State.START;
        user = null;
        ctx.write(Pop3Replies.line(ctx, Pop3Replies.INVALID_COMMAND));
    }

    /**
     * nginx's answer to a line its parser could not read (an unknown verb, too many
     * arguments), counted toward {@code max_errors}: the max_errors-th is still answered, then
     * the connection is closed.
     */
    private void unreadable(ChannelHandlerContext ctx) {
        if (counters.lastError()) {
            closeAfter(ctx, Pop3Replies.INVALID_COMMAND, CloseReason.PROTOCOL_ERROR, "too many invalid commands");
            return;
        }
        invalid(ctx);
    }

    /** Counts a command; the one past {@code max_commands} gets the invalid answer and a close (nginx 1.31). */
    private boolean withinCommandLimit(ChannelHandlerContext ctx) {
        if (counters.command()) {
            return true;
        }
        closeAfter(ctx, Pop3Replies.INVALID_COMMAND, CloseReason.PROTOCOL_ERROR, "too many commands");
        return false;
    }

    /** Answers, then closes; nothing the client sent after this line is parsed any more. */
    private void closeAfter(ChannelHandlerContext ctx, String answer, CloseReason reason, String detail) {
        closeAfter(ctx, Pop3Replies.line(ctx, answer), reason, detail);
    }

    private void closeAfter(ChannelHandlerContext ctx, ByteBuf answer, CloseReason reason, String detail) {
        decoder.hold();
        session.closing(reason, detail);
        ctx.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
    }

    /** POP3's words for a login's outcomes. */
    private final class Answers implements LoginAttempt.Answers {
        @Override
        public ByteBuf rejected(ChannelHandlerContext ctx, AuthDecision.Rejected decision) {
            return Pop3Replies.line(ctx, "-ERR " + decision.message());
        }

        @Override
        public ByteBuf internalError(ChannelHandlerContext ctx) {
            return Pop3Replies.line(ctx, Pop3Replies.INTERNAL_ERROR);
        }

        @Override
        public void closeAfter(ChannelHandlerContext ctx, ByteBuf answer, CloseReason reason, String detail) {
            Pop3PreLoginHandler.this.closeAfter(ctx, answer, reason, detail);
        }

        @Override
        public void bearerError(ChannelHandlerContext ctx, Credentials.BearerMechanism mechanism, String challenge,
                                AuthDecision.Rejected decision) {
            bearerRejection = decision;
            ctx.write(Pop3Replies.line(ctx, "+ " + auth.bearerError(mechanism, challenge).text()));
        }
    }
}
