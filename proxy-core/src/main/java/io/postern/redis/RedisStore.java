package io.postern.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.postern.config.RedisSettings;
import io.postern.spi.SharedScript;
import io.postern.spi.SharedStore;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The core's one Redis client (Lettuce): a command connection and a pub/sub connection, opened by
 * {@link #start()} and reopened by Lettuce itself after a loss. Until the first connection
 * succeeds the store retries in the background; meanwhile, and whenever the connection is down,
 * commands fail at once (Lettuce's {@code REJECT_COMMANDS}; with a cluster, {@link #connected()}) rather than queue, so a feature falls
 * back without waiting. Every command is bounded by {@code mail.redis.timeout}.
 *
 * <p>Lettuce runs on its own small Netty event loop (one I/O thread): its callbacks never run on
 * a session's event loop, and a slow Redis cannot hold one up.
 */
public final class RedisStore implements SharedStore {

    private static final Logger log = LoggerFactory.getLogger("io.postern.redis");

    /** Retries of a failed connection: quick at first, then every few seconds. */
    private static final Delay RECONNECT_DELAY = Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2,
            TimeUnit.MILLISECONDS);

    private final RedisSettings settings;
    private final FallbackPolicy fallbacks = new FallbackPolicy(System::nanoTime);
    private final Map<SharedScript, String> digests = new ConcurrentHashMap<>();
    private final Map<String, List<Consumer<String>>> subscribers = new ConcurrentHashMap<>();
    private ClientResources resources;
    private AbstractRedisClient client;
    private volatile StatefulConnection<String, String> connection;
    private volatile RedisClusterAsyncCommands<String, String> commands;
    private volatile StatefulRedisPubSubConnection<String, String> pubSub;
    private volatile boolean closed;

    public RedisStore(RedisSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public RedisSettings settings() {
        return settings;
    }

    /**
     * Starts connecting, and waits up to {@code connect_timeout} for the first connection, so that
     * the first logins share state; when Redis does not answer by then, Postern starts anyway (its
     * features fall back) and the store keeps trying.
     */
    public synchronized void start() {
        if (client != null || closed) {
            return;
        }
        resources = DefaultClientResources.builder().ioThreadPoolSize(1).computationThreadPoolSize(1)
                .reconnectDelay(RECONNECT_DELAY).build();
        RedisURI uri = RedisUris.of(settings);
        SocketOptions socket = SocketOptions.builder().connectTimeout(settings.connectTimeout()).build();
        TimeoutOptions timeouts = TimeoutOptions.enabled(settings.timeout());
        SslOptions tls = settings.trustedCertificate()
                .map(ca -> SslOptions.builder().jdkSslProvider().trustManager(ca.toFile()).build())
                .orElseGet(() -> SslOptions.builder().jdkSslProvider().build());
        if (settings.cluster()) {
            RedisClusterClient cluster = RedisClusterClient.create(resources, uri);
            // Node connections open on first use: rejecting commands while one connects would reject
            // the first command of every node. They queue, bounded by the timeout; connected()
            // still answers at once while the cluster is unreachable.
            cluster.setOptions(ClusterClientOptions.builder().autoReconnect(true)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.DEFAULT)
                    .socketOptions(socket).timeoutOptions(timeouts).sslOptions(tls).build());
            client = cluster;
        } else {
            RedisClient single = RedisClient.create(resources, uri);
            single.setOptions(ClientOptions.builder().autoReconnect(true)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .socketOptions(socket).timeoutOptions(timeouts).sslOptions(tls).build());
            client = single;
        }
        client.addListener(new StateLog());
        CompletableFuture<Void> first = connect(0);
        try {
            first.get(settings.connectTimeout().toMillis() + 500, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            Throwable cause = unwrap(e);
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause(); // the root: a refused connection, an untrusted certificate
            }
            log.warn("redis: {} not reachable at start-up ({}); features use this instance's own state until it is",
                    settings.safeUri(), e instanceof java.util.concurrent.TimeoutException
                            ? "no connection within " + settings.connectTimeout().toMillis() + "ms" : cause.toString());
        }
    }

    /** One attempt to open both connections; a failed one is tried again later, until it succeeds. */
    private CompletableFuture<Void> connect(int attempt) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        openCommands().thenCompose(c -> openPubSub().thenAccept(p -> {
            connection = c;
            commands = c instanceof StatefulRedisClusterConnection<String, String> cc ? cc.async()
                    : ((StatefulRedisConnection<String, String>) c).async();
            pubSub = p;
            p.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    deliver(channel, message);
                }
            });
            if (!subscribers.isEmpty()) {
                p.async().subscribe(subscribers.keySet().toArray(String[]::new));
            }
            log.info("redis: connected to {}", settings.safeUri());
        }).whenComplete((ok, e) -> {
            if (e != null) {
                c.closeAsync();
            }
        })).whenComplete((ok, e) -> {
            if (e == null) {
                done.complete(null);
                return;
            }
            done.completeExceptionally(e);
            synchronized (this) {
                if (closed) {
                    return;
                }
                long delay = RECONNECT_DELAY.createDelay(attempt + 1).toMillis();
                resources.eventExecutorGroup().schedule(() -> connect(attempt + 1), delay, TimeUnit.MILLISECONDS);
            }
        });
        return done;
    }

    @SuppressWarnings("unchecked")
    private CompletableFuture<StatefulConnection<String, String>> openCommands() {
        if (client instanceof RedisClusterClient cluster) {
            // The cluster's topology first (CLUSTER NODES, asynchronously): both connections route by it.
            return cluster.refreshPartitionsAsync().toCompletableFuture()
                    .thenCompose(topology -> cluster.connectAsync(StringCodec.UTF8))
                    .thenApply(c -> (StatefulConnection<String, String>) c);
        }
        return ((RedisClient) client).connectAsync(StringCodec.UTF8, RedisUris.of(settings)).toCompletableFuture()
                .thenApply(c -> (StatefulConnection<String, String>) c);
    }

    @SuppressWarnings("unchecked")
    private CompletableFuture<StatefulRedisPubSubConnection<String, String>> openPubSub() {
        if (client instanceof RedisClusterClient cluster) {
            return cluster.connectPubSubAsync(StringCodec.UTF8)
                    .thenApply(c -> (StatefulRedisPubSubConnection<String, String>) c);
        }
        return ((RedisClient) client).connectPubSubAsync(StringCodec.UTF8, RedisUris.of(settings))
                .toCompletableFuture();
    }

    @Override
    public CompletionStage<List<Object>> eval(SharedScript script, List<String> keys, List<String> args) {
        Objects.requireNonNull(script, "script");
        RedisClusterAsyncCommands<String, String> c = commands;
        if (c == null || !connected()) {
            return CompletableFuture.failedFuture(new RedisUnavailable("not connected to " + settings.safeUri()));
        }
        String[] prefixed = keys.stream().map(k -> settings.keyPrefix() + k).toArray(String[]::new);
        String[] values = args.toArray(String[]::new);
        String digest = digests.computeIfAbsent(script, s -> sha1(s.lua()));
        CompletableFuture<List<Object>> result = c.<List<Object>>evalsha(digest, ScriptOutputType.MULTI, prefixed, values)
                .toCompletableFuture()
                .exceptionallyCompose(e -> unwrap(e) instanceof RedisNoScriptException
                        // Not in the script cache (a restarted or another Redis): EVAL sends it once.
                        ? c.<List<Object>>eval(script.lua(), ScriptOutputType.MULTI, prefixed, values).toCompletableFuture()
                        : CompletableFuture.failedFuture(e));
        return bounded(result);
    }

    @Override
    public CompletionStage<Long> publish(String channel, String message) {
        RedisClusterAsyncCommands<String, String> c = commands;
        if (c == null || !connected()) {
            return CompletableFuture.failedFuture(new RedisUnavailable("not connected to " + settings.safeUri()));
        }
        return bounded(c.publish(settings.keyPrefix() + channel, message).toCompletableFuture());
    }

    @Override
    public void subscribe(String channel, Consumer<String> listener) {
        Objects.requireNonNull(listener, "listener");
        String prefixed = settings.keyPrefix() + channel;
        boolean first = subscribers.computeIfAbsent(prefixed, k -> new CopyOnWriteArrayList<>()).isEmpty();
        subscribers.get(prefixed).add(listener);
        StatefulRedisPubSubConnection<String, String> p = pubSub;
        if (first && p != null) {
            p.async().subscribe(prefixed);
        }
    }

    private void deliver(String channel, String message) {
        for (Consumer<String> listener : subscribers.getOrDefault(channel, List.of())) {
            try {
                listener.accept(message);
            } catch (RuntimeException e) {
                log.error("redis: a subscriber of {} failed on a message", channel, e);
            }
        }
    }

    @Override
    public <T> CompletionStage<T> sharedOrLocal(String feature, Supplier<? extends CompletionStage<T>> shared,
                                                Supplier<? extends T> local) {
        if (!connected()) {
            fallbacks.fellBack(feature, "not connected to " + settings.safeUri());
            return CompletableFuture.completedFuture(local.get());
        }
        CompletionStage<T> call;
        try {
            call = shared.get();
        } catch (RuntimeException e) {
            fallbacks.fellBack(feature, e.toString());
            return CompletableFuture.completedFuture(local.get());
        }
        return call.handle((value, e) -> {
            if (e == null) {
                fallbacks.answered(feature);
                return CompletableFuture.completedFuture(value);
            }
            Throwable cause = unwrap(e);
            fallbacks.fellBack(feature, cause instanceof java.util.concurrent.TimeoutException
                    ? "no answer within " + settings.timeout().toMillis() + "ms" : cause.toString());
            return CompletableFuture.<T>completedFuture(local.get());
        }).thenCompose(s -> s);
    }

    @Override
    public boolean connected() {
        StatefulConnection<String, String> c = connection;
        return c != null && c.isOpen();
    }

    @Override
    public Map<String, Long> fallbacks() {
        return fallbacks.counts();
    }

    /** Bounded by the timeout whatever Lettuce does (an EVALSHA retried as EVAL takes two round trips). */
    private <T> CompletableFuture<T> bounded(CompletableFuture<T> call) {
        return call.orTimeout(settings.timeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    private static Throwable unwrap(Throwable e) {
        while ((e instanceof java.util.concurrent.CompletionException
                || e instanceof java.util.concurrent.ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
    }

    /** Closes the connections and Lettuce's threads; later calls fail at once (and features fall back). */
    public void close() {
        AbstractRedisClient toClose;
        synchronized (this) {
            closed = true;
            toClose = client;
            client = null;
        }
        commands = null;
        if (toClose != null) {
            toClose.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    /** Connection losses and returns, logged once each (Lettuce reconnects by itself). */
    private final class StateLog implements RedisConnectionStateListener {
        private final java.util.concurrent.atomic.AtomicBoolean lost = new java.util.concurrent.atomic.AtomicBoolean();

        @Override
        public void onRedisDisconnected(io.lettuce.core.RedisChannelHandler<?, ?> handler) {
            if (!closed && lost.compareAndSet(false, true)) {
                log.warn("redis: lost the connection to {}; reconnecting", settings.safeUri());
            }
        }

        @Override
        public void onRedisConnected(io.lettuce.core.RedisChannelHandler<?, ?> handler, SocketAddress address) {
            if (lost.compareAndSet(true, false)) {
                log.info("redis: reconnected to {}", settings.safeUri());
            }
        }
    }

    /** Redis is not reachable now. */
    static final class RedisUnavailable extends RuntimeException {
        RedisUnavailable(String message) {
            super(message, null, false, false);
        }
    }
}
