package io.postern.spi;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * State shared by several Postern instances: the Redis of {@code mail.redis}, one connection per
 * process whatever the number of modules using it. Added in SPI 1.4; see
 * {@link ModuleContext#sharedStore()}.
 *
 * <p>Every call is asynchronous and bounded by {@code mail.redis.timeout}: its stage completes
 * within that time, normally or exceptionally, and never blocks the caller. Stages complete on the
 * store's own threads; a handler hops back to its event loop as it would after any other
 * asynchronous work. Keys and channels are given without the store's {@code key_prefix}: the
 * store adds it.
 *
 * <p>Redis is an optimisation, never a dependency of a login: a feature calls Redis through
 * {@link #sharedOrLocal}, which falls back to the instance's own state when Redis is down or slow
 * and goes back to Redis when it returns, without a restart.
 */
public interface SharedStore {

    /**
     * Runs {@code script} with {@code keys} (prefixed by the store) and {@code args}.
     *
     * @return the script's table, its integers as {@link Long} and its strings as {@link String};
     *     completes exceptionally when Redis is unreachable, slow or refuses the script
     */
    CompletionStage<List<Object>> eval(SharedScript script, List<String> keys, List<String> args);

    /**
     * Publishes {@code message} on {@code channel} to every instance (this one included).
     *
     * @return how many subscriptions received it (Redis's answer to {@code PUBLISH})
     */
    CompletionStage<Long> publish(String channel, String message);

    /**
     * Calls {@code listener} with each message published on {@code channel} from now on, by any
     * instance, for as long as the process runs; subscriptions survive a reconnection. Messages
     * published while Redis is unreachable are lost (pub/sub keeps nothing).
     */
    void subscribe(String channel, Consumer<String> listener);

    /**
     * The failure policy every feature uses: the value of {@code shared} when Redis answers in
     * time, else {@code local}'s, computed at once while Redis is known to be unreachable. Each
     * fallback counts in {@link #fallbacks()} under {@code feature} and is logged as a warning at
     * most once a minute per feature; the first answer from Redis after a fallback is logged too.
     *
     * @param feature a short name for the metric and the log ({@code "throttle"})
     * @param shared the call to Redis
     * @param local the answer from this instance's own state; called on any thread
     */
    <T> CompletionStage<T> sharedOrLocal(String feature, Supplier<? extends CompletionStage<T>> shared,
                                         Supplier<? extends T> local);

    /** Whether the store's connection to Redis is up now. */
    boolean connected();

    /** Fallbacks to local state so far, by feature, for the metrics. */
    Map<String, Long> fallbacks();
}
