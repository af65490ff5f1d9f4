package io.postern.bench.load;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * {@code workers} loops, each starting its next iteration when the previous one ends, until a
 * deadline: a closed-loop load whose rate is what the target sustains. Iterations chain on
 * futures, so no thread waits; only {@link #run}'s caller (never an event loop) blocks.
 */
public final class ClosedLoop {

    /**
     * @param completed iterations that succeeded
     * @param failed iterations that failed
     * @param elapsedNanos from the start until the last iteration ended
     * @param firstError the first failure's message, or null
     */
    public record Result(long completed, long failed, long elapsedNanos, String firstError) {

        public double perSecond() {
            return completed / (elapsedNanos / 1e9);
        }
    }

    private ClosedLoop() {
    }

    /**
     * Runs {@code iteration.apply(worker)} in {@code workers} loops for {@code duration}; an
     * iteration started before the deadline runs to its end.
     */
    public static Result run(int workers, Duration duration, IntFunction<CompletionStage<?>> iteration)
            throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        AtomicLong completed = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        CompletableFuture<?>[] done = new CompletableFuture<?>[workers];
        for (int w = 0; w < workers; w++) {
            CompletableFuture<Void> finished = new CompletableFuture<>();
            done[w] = finished;
            new Worker(w, deadline, iteration, completed, failed, firstError, finished).next();
        }
        try {
            CompletableFuture.allOf(done).get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        return new Result(completed.get(), failed.get(), System.nanoTime() - start, firstError.get());
    }

    private record Worker(int id, long deadline, IntFunction<CompletionStage<?>> iteration, AtomicLong completed,
                          AtomicLong failed, AtomicReference<String> firstError, CompletableFuture<Void> finished) {

        void next() {
            if (System.nanoTime() >= deadline) {
                finished.complete(null);
                return;
            }
            CompletionStage<?> stage;
            try {
                stage = iteration.apply(id);
            } catch (RuntimeException e) {
                stage = CompletableFuture.failedFuture(e);
            }
            stage.whenComplete((result, error) -> {
                if (error == null) {
                    completed.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                    firstError.compareAndSet(null, String.valueOf(error));
                    if (failed.get() > 1000 && completed.get() == 0) {
                        finished.complete(null);
                        return;
                    }
                }
                next();
            });
        }
    }
}
