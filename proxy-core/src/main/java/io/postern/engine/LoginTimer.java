package io.postern.engine;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.AbstractScheduledEventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.postern.spi.CloseReason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The one timer of a session before login: nginx's {@code timeout} and Postern's
 * {@code login_timeout}, as a single scheduled task re-armed at the few moments nginx re-arms
 * its read timer, never by the client's bytes or commands.
 *
 * <p>nginx's rule ({@code ngx_mail_handler.c}, {@code ngx_mail_*_init_session},
 * {@code ngx_mail_auth}, {@code ngx_mail_auth_sleep_handler}): {@code timeout} starts at
 * accept and covers the PROXY protocol header and the TLS handshake of an {@code ssl}
 * listener; it starts again when the session begins (the greeting; for SMTP with
 * {@code smtp_greeting_delay}, when the delayed greeting goes out) and then runs through the
 * whole dialogue, STARTTLS and its handshake included; it stops while a login is in progress
 * (which has timeouts of its own) and starts again when a failed login has been answered.
 * On expiry the connection is closed without a word, as nginx does.
 *
 * <p>{@code login_timeout} (Dovecot's fixed three-minute login limit) bounds the whole phase
 * from accept to a successful login, however often a failed login restarts {@code timeout}.
 * It never cuts a login in progress short: reached meanwhile, it ends the session once that
 * login's failure has been answered. On expiry the client gets the protocol's goodbye
 * ({@link MailProtocol#goodbye}). {@link Relay#install} removes this handler at login, and
 * {@code proxy_timeout} takes over.
 */
final class LoginTimer extends ChannelInboundHandlerAdapter {

    static final String LOGIN_TIMEOUT_TEXT = "Login timed out";

    private final Session session;
    private final MailProtocol protocol;
    private final long timeoutNanos;
    private final long loginTimeoutNanos;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> task;
    /** When {@link #task} runs, on the event loop's clock. */
    private long taskAt;
    /** When {@code timeout} runs out, on the event loop's clock; only counts while running. */
    private long timeoutAt;
    private boolean timeoutRunning;
    private long loginDeadline;

    LoginTimer(Session session, MailProtocol protocol) {
        this.session = session;
        this.protocol = protocol;
        this.timeoutNanos = session.settings().timeout().toNanos();
        this.loginTimeoutNanos = session.settings().loginTimeout().toNanos();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        // Added when the accepted channel registers: the clock starts at accept.
        this.ctx = ctx;
        loginDeadline = now() + loginTimeoutNanos;
        restart();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        // The PROXY header is in and the TLS handshake done: the session begins (nginx's init_session).
        restart();
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    /** {@code timeout} starts again from now: the greeting went out, or a failed login was answered. */
    void restart() {
        timeoutAt = now() + timeoutNanos;
        timeoutRunning = true;
        schedule();
    }

    /** {@code timeout} stops until {@link #restart}: a login is in progress, or a greeting is delayed. */
    void pause() {
        timeoutRunning = false;
        schedule();
    }

    /**
     * Makes the task run no later than whichever comes first: {@code timeout} (when running) or
     * {@code login_timeout}. Re-armed lazily: a task already due by then stays, and
     * {@link #expire} looks again when it runs (a session re-arms its timer several times
     * before it logs in, and a cancel and a schedule each cost a walk of the loop's queue).
     */
    private void schedule() {
        if (ctx == null || ctx.isRemoved()) {
            cancel();
            return;
        }
        if (!timeoutRunning && session.loginInProgress()) {
            return; // login_timeout waits for the login's outcome; a task that runs meanwhile does nothing
        }
        long due = timeoutRunning && timeoutAt - loginDeadline < 0 ? timeoutAt : loginDeadline;
        if (task != null && taskAt - due <= 0) {
            return;
        }
        cancel();
        long now = now();
        taskAt = Math.max(now, due);
        task = ctx.executor().schedule(this::expire, taskAt - now, TimeUnit.NANOSECONDS);
    }

    /** The event loop's clock (which tests can advance), else the system's. */
    private long now() {
        return ctx != null && ctx.executor() instanceof AbstractScheduledEventExecutor loop
                ? loop.ticker().nanoTime() : System.nanoTime();
    }

    private void cancel() {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }

    /**
     * Postern is stopping and this session has not logged in: the client gets
     * {@code goodbye} (the protocol's shutdown line, without its line ending) and the session
     * is closed. Runs on the session's event loop.
     */
    void shutdown(String goodbye) {
        end(goodbye, CloseReason.SHUTDOWN, "");
    }

    /**
     * Ends this session, which has not logged in, for {@code reason}: the client gets {@code goodbye}
     * (a line of its protocol, without its line ending), then the connection closes. Runs on the
     * session's event loop.
     */
    void end(String goodbye, CloseReason reason, String detail) {
        if (ctx == null || ctx.isRemoved() || !ctx.channel().isActive()) {
            return;
        }
        cancel();
        session.closing(reason, detail);
        // Written if the socket takes it now; a client that does not read is closed all the same.
        ctx.writeAndFlush(Unpooled.copiedBuffer(goodbye + "\r\n", StandardCharsets.US_ASCII));
        ctx.close();
    }

    private void expire() {
        task = null;
        if (ctx.isRemoved() || !ctx.channel().isActive()) {
            return;
        }
        if (!timeoutRunning && session.loginInProgress()) {
            return; // the login's outcome re-arms the timer
        }
        long now = now();
        if (now - loginDeadline >= 0) {
            session.log().info("client did not log in within login_timeout ({} ms)",
                    Duration.ofNanos(loginTimeoutNanos).toMillis());
            session.closing(CloseReason.TIMEOUT, "login_timeout expired");
            String goodbye = protocol.goodbye(LOGIN_TIMEOUT_TEXT) + "\r\n";
            // Written if the socket takes it now; a client that does not read is closed all the same.
            ctx.writeAndFlush(Unpooled.copiedBuffer(goodbye, StandardCharsets.US_ASCII));
            ctx.close();
        } else if (timeoutRunning && now - timeoutAt >= 0) {
            session.log().debug("client timed out");
            session.closing(CloseReason.TIMEOUT, "timeout expired");
            ctx.close();
        } else {
            schedule();
        }
    }
}
