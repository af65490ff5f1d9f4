package io.postern.engine;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.postern.module.Named;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Runs one phase's handlers in order until one answers something other than "declined"
 * (nginx's phase engine: NGX_DECLINED moves on, anything else decides). Handlers are called
 * on the session's event loop one after another, and their answers are brought back to it,
 * wherever the handler completed them. A handler that throws, completes exceptionally or
 * returns {@code null} produces {@code failure}; the whole phase is bounded by {@code timeout}.
 *
 * @param <H> the handler type
 * @param <R> the answer type
 */
final class PhaseRunner<H, R> {

    private final List<Named<H>> handlers;
    private final Predicate<R> declined;
    private final Function<String, R> failure;

    PhaseRunner(List<Named<H>> handlers, Predicate<R> declined, Function<String, R> failure) {
        this.handlers = handlers;
        this.declined = declined;
        this.failure = failure;
    }

    /**
     * Asks the handlers; the future completes on {@code loop} with the first deciding answer,
     * or with {@code whenAllDecline} when every handler declined. Cancelling it (the client
     * left) cancels the answer the current handler is working on, so a module can stop a
     * request nobody waits for. Answers already complete when returned (a throttle's lookup, a
     * handler that declines) are taken at once: the phase's timer is only set, for what is left
     * of {@code timeout}, when a handler must be waited for.
     */
    CompletableFuture<R> run(EventLoop loop, Duration timeout, Function<H, CompletionStage<R>> call, R whenAllDecline) {
        if (handlers.isEmpty()) {
            return CompletableFuture.completedFuture(whenAllDecline);
        }
        Run run = new Run(loop, timeout, call, whenAllDecline);
        run.ask(0);
        return run.result;
    }

    /** One run of the phase: its handlers asked in turn, on the session's loop. */
    private final class Run {
        private final EventLoop loop;
        private final Duration timeout;
        private final long deadline;
        private final Function<H, CompletionStage<R>> call;
        private final R whenAllDecline;
        private final CompletableFuture<R> result = new CompletableFuture<>();
        private ScheduledFuture<?> timer;

        Run(EventLoop loop, Duration timeout, Function<H, CompletionStage<R>> call, R whenAllDecline) {
            this.loop = loop;
            this.timeout = timeout;
            this.deadline = System.nanoTime() + timeout.toNanos();
            this.call = call;
            this.whenAllDecline = whenAllDecline;
        }

        void ask(int index) {
            if (result.isDone()) {
                return; // timed out while the previous handler was thinking
            }
            if (index == handlers.size()) {
                result.complete(whenAllDecline);
                return;
            }
            Named<H> handler = handlers.get(index);
            CompletionStage<R> answer;
            ClassLoader previous = handler.enter();
            try {
                answer = call.apply(handler.handler());
            } catch (RuntimeException e) {
                result.complete(failure.apply(describe(handler, e)));
                return;
            } finally {
                Named.leave(previous);
            }
            if (answer == null) {
                result.complete(failure.apply(handler.module() + "/" + handler.name() + " returned null"));
                return;
            }
            if (answer instanceof CompletableFuture<R> done && done.isDone() && loop.inEventLoop()) {
                R r = null;
                Throwable error = null;
                try {
                    r = done.join();
                } catch (CompletionException | CancellationException e) {
                    error = e;
                }
                next(index, handler, r, error);
                return;
            }
            startTimer();
            result.whenComplete((r, e) -> {
                if (result.isCancelled()) {
                    // Cancelling runs the module's own dependent stages, here and now.
                    ClassLoader before = handler.enter();
                    try {
                        answer.toCompletableFuture().cancel(true);
                    } finally {
                        Named.leave(before);
                    }
                }
            });
            answer.whenComplete((r, e) -> {
                if (loop.inEventLoop()) {
                    next(index, handler, r, e);
                } else {
                    loop.execute(() -> next(index, handler, r, e));
                }
            });
        }

        /** The phase's timeout, counted from the start of the run, once a handler is waited for. */
        private void startTimer() {
            if (timer != null) {
                return;
            }
            timer = loop.schedule(
                    () -> result.complete(failure.apply("no answer within " + timeout.toMillis() + "ms")),
                    Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            ScheduledFuture<?> t = timer;
            result.whenComplete((r, e) -> t.cancel(false));
        }

        private void next(int index, Named<H> handler, R answer, Throwable error) {
            if (error != null) {
                result.complete(failure.apply(describe(handler, error)));
            } else if (answer == null) {
                result.complete(failure.apply(handler.module() + "/" + handler.name() + " answered null"));
            } else if (declined.test(answer)) {
                ask(index + 1);
            } else {
                result.complete(answer);
            }
        }
    }

    private static String describe(Named<?> handler, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null
                ? error.getCause() : error;
        return handler.module() + "/" + handler.name() + " failed: " + cause;
    }
}
