package io.postern.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Starts {@code total} tasks with at most {@code parallel} in flight (opening thousands of
 * sessions without a connect storm), chained on futures so that no thread waits.
 */
public final class Bounded {

    /** What succeeded, and how many failed (with the first failure). */
    public record Outcome<T>(List<T> results, int failed, String firstError) {
    }

    private Bounded() {
    }

    public static <T> CompletableFuture<Outcome<T>> run(int total, int parallel, IntFunction<CompletionStage<T>> task) {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        ConcurrentLinkedQueue<T> results = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<Void>> lanes = new ArrayList<>();
        for (int i = 0; i < Math.min(parallel, total); i++) {
            CompletableFuture<Void> lane = new CompletableFuture<>();
            lanes.add(lane);
            pull(next, total, task, results, failed, errors, lane);
        }
        return CompletableFuture.allOf(lanes.toArray(new CompletableFuture<?>[0]))
                .thenApply(v -> new Outcome<>(List.copyOf(results), failed.get(), errors.peek()));
    }

    private static <T> void pull(AtomicInteger next, int total, IntFunction<CompletionStage<T>> task,
                                 ConcurrentLinkedQueue<T> results, AtomicInteger failed,
                                 ConcurrentLinkedQueue<String> errors, CompletableFuture<Void> lane) {
        int index = next.getAndIncrement();
        if (index >= total) {
            lane.complete(null);
            return;
        }
        CompletionStage<T> stage;
        try {
            stage = task.apply(index);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((result, error) -> {
            if (error == null) {
                results.add(result);
            } else {
                failed.incrementAndGet();
                errors.add(String.valueOf(error));
            }
            pull(next, total, task, results, failed, errors, lane);
        });
    }
}
