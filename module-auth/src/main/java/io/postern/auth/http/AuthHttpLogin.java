package io.postern.auth.http;

import io.postern.auth.http.AuthHttpException.Kind;
import io.postern.spi.AuthDecision;
import io.postern.spi.Credentials;
import io.postern.spi.Protocol;
import io.postern.spi.SessionInfo;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One login's conversation with the auth servers: ask the first URL, fail over to the next
 * when one cannot be reached or times out, sleep and ask again on {@code WAIT} (at most
 * {@link #MAX_WAITS} times, with the same request and so the same attempt number), and
 * stop everything when the core cancels the answer because the client left.
 */
final class AuthHttpLogin {

    /** nginx has no limit; its documentation asks auth servers to stop after 10-20. */
    static final int MAX_WAITS = 10;

    private static final Logger LOG = LoggerFactory.getLogger(AuthHttpLogin.class);

    private final AuthHttpClient client;
    private final AuthHttpSettings settings;
    private final List<byte[]> requests;
    private final Protocol protocol;
    private final Credentials credentials;
    private final String logContext;
    private final CompletableFuture<AuthDecision> result = new CompletableFuture<>();
    private volatile Exchange current;
    private volatile ScheduledFuture<?> sleeping;
    private int waits;

    /**
     * @param requests the request for each of {@code settings.urls()}, in the same order
     * @param logContext the session's log context (MDC value), without secrets
     */
    AuthHttpLogin(AuthHttpClient client, AuthHttpSettings settings, List<byte[]> requests, Protocol protocol,
                  Credentials credentials, String logContext) {
        this.client = client;
        this.settings = settings;
        this.requests = List.copyOf(requests);
        this.protocol = protocol;
        this.credentials = credentials;
        this.logContext = logContext;
    }

    CompletableFuture<AuthDecision> start() {
        result.whenComplete((d, e) -> {
            if (result.isCancelled()) {
                abort();
            }
        });
        ask(0);
        return result;
    }

    private void ask(int index) {
        if (result.isDone()) {
            return;
        }
        Exchange exchange = client.exchange(settings.urls().get(index), requests.get(index), settings);
        current = exchange;
        exchange.start().whenComplete((answer, error) -> answered(index, answer, error));
        if (result.isDone()) {
            exchange.abort(); // cancelled while the exchange was being set up
        }
    }

    private void answered(int index, Answer answer, Throwable error) {
        if (result.isDone()) {
            return;
        }
        AuthHttpUrl url = settings.urls().get(index);
        if (error != null) {
            failed(index, error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
            return;
        }
        AnswerMapper.Outcome outcome = AnswerMapper.map(answer, protocol, credentials, url);
        if (outcome instanceof AnswerMapper.Wait wait) {
            sleep(index, wait.delay());
        } else {
            result.complete(((AnswerMapper.Decided) outcome).decision());
        }
    }

    private void failed(int index, Throwable error) {
        AuthHttpException problem = error instanceof AuthHttpException e ? e
                : new AuthHttpException(Kind.PROTOCOL, "auth http server " + settings.urls().get(index) + " failed: "
                        + error.getClass().getSimpleName());
        if (problem.kind().failover() && index + 1 < settings.urls().size()) {
            warn("{}, trying {}", problem.getMessage(), settings.urls().get(index + 1));
            ask(index + 1);
        } else {
            result.complete(new AuthDecision.Failed(problem.getMessage()));
        }
    }

    private void sleep(int index, Duration delay) {
        if (++waits > MAX_WAITS) {
            result.complete(new AuthDecision.Failed("auth http server " + settings.urls().get(index)
                    + " answered WAIT more than " + MAX_WAITS + " times"));
            return;
        }
        if (delay.isZero()) {
            ask(index);
            return;
        }
        sleeping = client.schedule(() -> ask(index), delay);
        if (result.isDone()) {
            sleeping.cancel(false);
        }
    }

    private void abort() {
        ScheduledFuture<?> s = sleeping;
        if (s != null) {
            s.cancel(false);
        }
        Exchange e = current;
        if (e != null) {
            e.abort();
        }
    }

    /** Logs with the session's context, as the core's own session log lines do. */
    private void warn(String format, Object... args) {
        String previous = MDC.get(SessionInfo.LOG_CONTEXT_MDC_KEY);
        MDC.put(SessionInfo.LOG_CONTEXT_MDC_KEY, logContext);
        try {
            LOG.warn(format, args);
        } finally {
            if (previous == null) {
                MDC.remove(SessionInfo.LOG_CONTEXT_MDC_KEY);
            } else {
                MDC.put(SessionInfo.LOG_CONTEXT_MDC_KEY, previous);
            }
        }
    }
}
