package io.postern.engine;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.postern.relay.Lines;
import io.postern.spi.AuthDecision;
import io.postern.spi.CloseReason;
import io.postern.spi.Credentials;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The half of a login every protocol's pre-login handler shares (nginx's {@code ngx_mail_auth}
 * and the handling of its auth_http answer): hold the decoder so what the client pipelined
 * stays bytes, run the {@link LoginFlow}, and answer its {@link LoginOutcome} in the
 * protocol's words: relay on success; on a rejection, wait the decision's delay, answer and
 * read on, or answer and close; otherwise answer and close.
 */
public final class LoginAttempt {

    /** A protocol's words for the outcomes of a login. */
    public interface Answers {

        /** The answer to a refused login: {@code -ERR <text>}, {@code <tag> NO <text>}, {@code 535 5.7.0 <text>}. */
        ByteBuf rejected(ChannelHandlerContext ctx, AuthDecision.Rejected decision);

        /** The protocol's temporary failure: {@code * BAD internal server error} and the like. */
        ByteBuf internalError(ChannelHandlerContext ctx);

        /** Sends the session's last answer and closes, acting on nothing the client sends after it. */
        void closeAfter(ChannelHandlerContext ctx, ByteBuf answer, CloseReason reason, String detail);

        /** The client may try again after a rejection: forget what only the failed attempt needed. */
        default void beforeRetry() {
        }

        /**
         * Sends a bearer mechanism's error challenge ({@code + <challenge>}, {@code 334 <challenge>})
         * and reads the next line as its dummy response; the handler then answers it with
         * {@link LoginAttempt#afterBearerError}.
         *
         * @param decision the rejection the challenge comes from, answered after the response
         */
        void bearerError(ChannelHandlerContext ctx, Credentials.BearerMechanism mechanism, String challenge,
                         AuthDecision.Rejected decision);
    }

    private LoginAttempt() {
    }

    /** Starts the login; everything after runs on the session's event loop. */
    public static void start(ChannelHandlerContext ctx, Session session, HoldableDecoder decoder, LoginFlow loginFlow,
                             Credentials credentials, UpstreamLogin upstreamLogin, Answers answers) {
        decoder.hold(); // what follows the login is for the upstream, or for after a failure
        session.loginInProgress(true);
        ctx.flush();
        loginFlow.login(session, credentials, upstreamLogin).whenComplete((outcome, error) -> {
            if (error != null) {
                return; // cancelled: the client left while we were busy
            }
            session.loginInProgress(false);
            if (!ctx.channel().isActive()) {
                release(outcome);
                return;
            }
            answer(ctx, session, decoder, credentials, outcome, answers);
        });
    }

    /**
     * With {@code proxy_oauth = mechanism}, a bearer login's mechanism, which the protocol's
     * upstream login then uses instead of its ordinary login; empty otherwise.
     */
    public static Optional<Credentials.BearerMechanism> upstreamBearerMechanism(
            io.postern.config.ServerSettings settings, Credentials credentials) {
        if (credentials instanceof Credentials.Bearer bearer
                && settings.directives().string(io.postern.config.CoreDirectives.PROXY_OAUTH).equals("mechanism")) {
            return Optional.of(bearer.mechanism());
        }
        return Optional.empty();
    }

    /**
     * Answers the client's response to a bearer error challenge as freenginx does: the
     * dummy response gets the rejection's text, anything else the protocol's invalid command;
     * then the session goes on when the rejection allows another try ({@code Auth-Wait}),
     * else it ends.
     *
     * @param invalidAnswer the protocol's invalid-command answer; released when not sent
     */
    public static void afterBearerError(ChannelHandlerContext ctx, AuthDecision.Rejected decision,
                                        boolean acknowledged, ByteBuf invalidAnswer, Answers answers) {
        ByteBuf answer;
        if (acknowledged) {
            invalidAnswer.release();
            answer = answers.rejected(ctx, decision);
        } else {
            answer = invalidAnswer;
        }
        if (decision.retryAfter().isEmpty()) {
            answers.closeAfter(ctx, answer, CloseReason.AUTH_FAILED, decision.message());
        } else {
            ctx.write(answer);
        }
    }

    private static void answer(ChannelHandlerContext ctx, Session session, HoldableDecoder decoder,
                               Credentials credentials, LoginOutcome outcome, Answers answers) {
        if (outcome instanceof LoginOutcome.LoggedIn loggedIn) {
            session.log().info("logged in");
            Relay.start(session, loggedIn.upstream(), loggedIn.reply());
        } else if (outcome instanceof LoginOutcome.Rejected rejected) {
            rejected(ctx, session, decoder, credentials, rejected.decision(), answers);
        } else if (outcome instanceof LoginOutcome.UpstreamRefused refused) {
            answers.closeAfter(ctx, refused.reply(), CloseReason.UPSTREAM_ERROR, "upstream refused the login");
        } else if (outcome instanceof LoginOutcome.Refused refused) {
            answers.closeAfter(ctx, Lines.encode(ctx.alloc(), refused.line()), CloseReason.REFUSED,
                    refused.refusal().directive());
        } else {
            answers.closeAfter(ctx, answers.internalError(ctx), CloseReason.INTERNAL_ERROR,
                    ((LoginOutcome.InternalError) outcome).reason());
        }
    }

    /**
     * nginx: the failure text after the {@code Auth-Wait} delay, then another try; without a
     * delay, close. freenginx: a bearer token refused with an {@code Auth-Error-SASL} gets
     * that challenge instead (after the delay), and the failure text only after the client's
     * dummy response ({@link #afterBearerError}), the close too when there is no delay.
     */
    private static void rejected(ChannelHandlerContext ctx, Session session, HoldableDecoder decoder,
                                 Credentials credentials, AuthDecision.Rejected decision, Answers answers) {
        Optional<Runnable> challenge = bearerChallenge(ctx, credentials, decision, answers);
        if (decision.retryAfter().isEmpty()) {
            if (challenge.isEmpty()) {
                answers.closeAfter(ctx, answers.rejected(ctx, decision), CloseReason.AUTH_FAILED, decision.message());
                return;
            }
            challenge.get().run();
            decoder.resume(ctx);
            return;
        }
        answers.beforeRetry();
        session.loginInProgress(true); // the delay is part of the answer, not client idleness
        ctx.executor().schedule(() -> {
            session.loginInProgress(false);
            if (ctx.channel().isActive()) {
                if (challenge.isPresent()) {
                    challenge.get().run();
                } else {
                    ctx.writeAndFlush(answers.rejected(ctx, decision));
                }
                decoder.resume(ctx);
            }
        }, decision.retryAfter().get().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Sending the bearer error challenge instead of the failure text, when the rejection has one for this login. */
    private static Optional<Runnable> bearerChallenge(ChannelHandlerContext ctx, Credentials credentials,
                                                      AuthDecision.Rejected decision, Answers answers) {
        if (!(credentials instanceof Credentials.Bearer bearer) || decision.saslError().isEmpty()) {
            return Optional.empty();
        }
        String challenge = decision.saslError().get();
        return Optional.of(() -> {
            answers.bearerError(ctx, bearer.mechanism(), challenge, decision);
            ctx.flush();
        });
    }

    private static void release(LoginOutcome outcome) {
        if (outcome instanceof LoginOutcome.LoggedIn loggedIn) {
            loggedIn.reply().release();
            loggedIn.upstream().close();
        } else if (outcome instanceof LoginOutcome.UpstreamRefused refused) {
            refused.reply().release();
        }
    }
}
