package io.postern.engine;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.postern.module.Named;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
     * request nobody waits for.
     */
    CompletableFuture<R> run(EventLoop loop, Duration timeout, Function<H, CompletionStage<R>> call, R whenAllDecline) {
        CompletableFuture<R> result = new CompletableFuture<>();
        ScheduledFuture<?> timer = loop.schedule(
                () -> result.complete(failure.apply("no answer within " + timeout.toMillis() + "ms")),
                timeout.toNanos(), TimeUnit.NANOSECONDS);
        result.whenComplete((r, e) -> timer.cancel(false));
        ask(0, loop, call, whenAllDecline, result);
        return result;
    }

    private void ask(int index, EventLoop loop, Function<H, CompletionStage<R>> call, R whenAllDecline,
                     CompletableFuture<R> result) {
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
                next(index, loop, call, whenAllDecline, result, handler, r, e);
            } else {
                loop.execute(() -> next(index, loop, call, whenAllDecline, result, handler, r, e));
            }
        });
    }

    private void next(int index, EventLoop loop, Function<H, CompletionStage<R>> call, R whenAllDecline,
                      CompletableFuture<R> result, Named<H> handler, R answer, Throwable error) {
        if (error != null) {
            result.complete(failure.apply(describe(handler, error)));
        } else if (answer == null) {
            result.complete(failure.apply(handler.module() + "/" + handler.name() + " answered null"));
        } else if (declined.test(answer)) {
            ask(index + 1, loop, call, whenAllDecline, result);
        } else {
            result.complete(answer);
        }
    }

    private static String describe(Named<?> handler, Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        return handler.module() + "/" + handler.name() + " failed: " + cause;
    }
}
