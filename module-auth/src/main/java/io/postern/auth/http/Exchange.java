package io.postern.auth.http;

import io.postern.auth.http.AuthHttpException.Kind;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;

/**
 * One request and its answer over one connection: take an idle pooled connection or open
 * one, send, read the answer header (capped at {@code auth_http_max_response}), then read
 * the body when the connection is to be kept, so it goes back to the pool in step. A pooled
 * connection the server closed while idle is noticed by the first read or write and
 * replaced by a fresh one, once. The whole exchange has {@code auth_http_timeout}; a
 * timeout or {@link #abort()} closes the connection.
 *
 * <p>It runs wholly on one event loop (the caller's, the session's): its connection's
 * completions, its timer and its loop's pool are all there, so its state takes no lock. Only
 * {@link #abort()} may come from elsewhere; it hops to the loop.
 */
final class Exchange {

    /** A body longer than this is not worth reading to keep a connection. */
    private static final long MAX_DRAINED_BODY = 64 * 1024;

    /** An answer header is a few hundred bytes: no exchange starts with the whole 8k of the default maximum. */
    private static final int FIRST_HEADER_BUFFER = 1024;

    private final AuthHttpClient client;
    private final AuthHttpUrl url;
    private final byte[] request;
    private final AuthHttpSettings settings;
    private final ConnectionPool.Target target;
    private final CompletableFuture<Answer> result = new CompletableFuture<>();
    /** The answer header so far; grown up to {@code auth_http_max_response} when an answer needs it. */
    private byte[] header;
    private int received;
    private boolean reused;
    private Transport transport;
    private ScheduledFuture<?> timer;
    /** The loop it runs on, once started there. */
    private volatile Executor loop;
    private Thread loopThread;

    Exchange(AuthHttpClient client, AuthHttpUrl url, byte[] request, AuthHttpSettings settings) {
        this.client = client;
        this.url = url;
        this.request = request;
        this.settings = settings;
        this.target = ConnectionPool.Target.of(url);
        this.header = new byte[Math.min(settings.maxResponse(), FIRST_HEADER_BUFFER)];
    }

    /** Runs the exchange on an event loop; the stage fails with an {@link AuthHttpException} or a cancellation. */
    CompletableFuture<Answer> start() {
        client.onEventLoop(this::run);
        return result;
    }

    private void run() {
        loopThread = Thread.currentThread();
        loop = client.connector().eventLoop();
        if (result.isDone()) {
            return; // aborted before it began
        }
        timer = client.schedule(() -> fail(Kind.TIMEOUT, "timed out after " + settings.timeout().toMillis() + "ms"),
                settings.timeout());
        Transport pooled = settings.keepalive() > 0 ? client.pool().poll(target) : null;
        if (pooled != null) {
            reused = true;
            use(pooled);
        } else {
            connect();
        }
    }

    /** Stops the exchange (the client left): the connection is closed, never pooled. From any thread. */
    void abort() {
        if (!result.completeExceptionally(new CancellationException("auth http request cancelled"))) {
            return;
        }
        Executor l = loop;
        if (l == null) {
            return; // not begun: run() sees it done
        }
        if (Thread.currentThread() == loopThread) {
            closeConnection();
        } else {
            l.execute(this::closeConnection);
        }
    }

    private void connect() {
        client.connect(url, settings.timeout()).whenComplete((t, e) -> {
            if (e != null) {
                fail(Kind.CONNECT, "could not be reached: " + describe(e));
            } else {
                use(t);
            }
        });
    }

    private void use(Transport t) {
        transport = t;
        if (result.isDone()) {
            t.close();
            return;
        }
        t.write(ByteBuffer.wrap(request)).whenComplete((v, e) -> {
            if (e == null) {
                readHeader();
            } else if (!retryStale()) {
                fail(Kind.CONNECT, "could not be sent the request: " + describe(e));
            }
        });
    }

    private void readHeader() {
        if (received == header.length && header.length < settings.maxResponse()) {
            header = Arrays.copyOf(header, (int) Math.min(2L * header.length, settings.maxResponse()));
        } else if (received == header.length) {
            fail(Kind.PROTOCOL, "sent an answer header larger than auth_http_max_response ("
                    + settings.maxResponse() + " bytes)");
            return;
        }
        transport.read(ByteBuffer.wrap(header, received, header.length - received)).whenComplete((n, e) -> {
            if (e != null || n < 0) {
                if (!retryStale()) {
                    fail(Kind.PROTOCOL, "closed the connection before the answer was complete"
                            + (e == null ? "" : ": " + describe(e)));
                }
                return;
            }
            received += n;
            parse();
        });
    }

    private void parse() {
        AnswerParser.Result parsed = AnswerParser.parse(header, received);
        if (parsed instanceof AnswerParser.Invalid invalid) {
            fail(Kind.PROTOCOL, "sent " + invalid.reason());
        } else if (parsed instanceof AnswerParser.Done done) {
            afterHeader(done.answer());
        } else {
            readHeader();
        }
    }

    /** Keeps the connection when its framing is known and the body is short, else closes it. */
    private void afterHeader(Answer answer) {
        long body = answer.reusableBodyLength();
        long left = body - (received - answer.headerLength());
        if (settings.keepalive() <= 0 || body < 0 || left < 0 || body > MAX_DRAINED_BODY) {
            finish(answer, false);
        } else if (left == 0) {
            finish(answer, true);
        } else {
            drain(answer, left, ByteBuffer.allocate((int) Math.min(left, 4096)));
        }
    }

    private void drain(Answer answer, long left, ByteBuffer scratch) {
        scratch.clear().limit((int) Math.min(left, scratch.capacity()));
        transport.read(scratch).whenComplete((n, e) -> {
            if (e != null || n < 0) {
                finish(answer, false); // the header is complete; only the connection is lost
            } else if (left - n == 0) {
                finish(answer, true);
            } else {
                drain(answer, left - n, scratch);
            }
        });
    }

    private void finish(Answer answer, boolean keep) {
        timer.cancel(false); // on the loop: out of its queue at once
        // Pooled before completing, so a WAIT re-poll that starts at once can reuse it.
        if (keep && !result.isDone()) {
            client.pool().release(target, transport, settings.keepalive(), System.currentTimeMillis());
        } else {
            transport.close();
        }
        result.complete(answer);
    }

    /** A pooled connection that fails before any answer byte was probably closed while idle. */
    private boolean retryStale() {
        if (!reused || received > 0 || result.isDone()) {
            return false;
        }
        reused = false;
        transport.close();
        connect();
        return true;
    }

    private void fail(Kind kind, String what) {
        if (result.completeExceptionally(new AuthHttpException(kind, "auth http server " + url + " " + what))) {
            closeConnection();
        }
    }

    /** On the loop. A connect still under way is closed by {@link #use} when it completes. */
    private void closeConnection() {
        if (timer != null) {
            timer.cancel(false);
        }
        if (transport != null) {
            transport.close();
        }
    }

    private static String describe(Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return cause.getMessage() == null ? cause.getClass().getSimpleName()
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
