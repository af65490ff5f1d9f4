package io.postern.auth.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * The module's HTTP client and its threads: a channel group of two daemon I/O threads, one
 * timer thread (timeouts, {@code WAIT} sleeps, closing idle connections) and one thread for
 * host name lookups, so nothing ever blocks a Postern event loop. Created in
 * {@code start()}, closed at shutdown.
 */
final class AuthHttpClient implements AutoCloseable {

    private static final long SWEEP_SECONDS = 5;

    private final AsynchronousChannelGroup group;
    private final ScheduledExecutorService timer;
    private final ExecutorService resolver;
    private final SSLContext ssl;
    private final ConnectionPool pool = new ConnectionPool();

    private AuthHttpClient(AsynchronousChannelGroup group, ScheduledExecutorService timer, ExecutorService resolver,
                           SSLContext ssl) {
        this.group = group;
        this.timer = timer;
        this.resolver = resolver;
        this.ssl = ssl;
    }

    /** Starts the threads; {@code ssl} verifies auth servers' certificates for {@code https://} URLs. */
    static AuthHttpClient start(SSLContext ssl) throws IOException {
        Objects.requireNonNull(ssl, "ssl");
        AsynchronousChannelGroup group = AsynchronousChannelGroup.withFixedThreadPool(2, daemons("postern-auth-http-io"));
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemons("postern-auth-http-timer"));
        ExecutorService resolver = Executors.newSingleThreadExecutor(daemons("postern-auth-http-dns"));
        AuthHttpClient client = new AuthHttpClient(group, timer, resolver, ssl);
        timer.scheduleWithFixedDelay(() -> client.pool.sweep(System.currentTimeMillis()),
                SWEEP_SECONDS, SWEEP_SECONDS, TimeUnit.SECONDS);
        return client;
    }

    /** A new exchange of {@code request} with {@code url}; call {@link Exchange#start()} to run it. */
    Exchange exchange(AuthHttpUrl url, byte[] request, AuthHttpSettings settings) {
        return new Exchange(this, url, request, settings);
    }

    ConnectionPool pool() {
        return pool;
    }

    ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return timer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Connects to {@code url} (resolving its host off the event loops, and running the TLS
     * handshake for {@code https://}). {@code opened} receives the channel as soon as it
     * exists, so a timeout or a cancel can close it while the connect is still pending.
     */
    CompletableFuture<Transport> connect(AuthHttpUrl url, Consumer<AsynchronousSocketChannel> opened) {
        return resolve(url.host())
                .thenCompose(ip -> open(new InetSocketAddress(ip, url.port()), opened))
                .thenCompose(channel -> {
                    if (!url.tls()) {
                        return CompletableFuture.completedFuture(new PlainTransport(channel));
                    }
                    return TlsTransport.handshake(channel, ssl, url).whenComplete((t, e) -> {
                        if (e != null) {
                            PlainTransport.closeQuietly(channel);
                        }
                    });
                });
    }

    private CompletableFuture<InetAddress> resolve(String host) {
        if (host.indexOf(':') >= 0 || host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
            try {
                return CompletableFuture.completedFuture(InetAddress.getByName(host)); // a literal: no lookup
            } catch (IOException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        CompletableFuture<InetAddress> address = new CompletableFuture<>();
        resolver.execute(() -> {
            try {
                address.complete(InetAddress.getByName(host));
            } catch (IOException | RuntimeException e) {
                address.completeExceptionally(e);
            }
        });
        return address;
    }

    private CompletableFuture<AsynchronousSocketChannel> open(InetSocketAddress address,
                                                              Consumer<AsynchronousSocketChannel> opened) {
        CompletableFuture<AsynchronousSocketChannel> done = new CompletableFuture<>();
        AsynchronousSocketChannel channel;
        try {
            channel = AsynchronousSocketChannel.open(group);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        opened.accept(channel);
        try {
            channel.connect(address, null, new CompletionHandler<Void, Void>() {
                @Override
                public void completed(Void result, Void attachment) {
                    done.complete(channel);
                }

                @Override
                public void failed(Throwable e, Void attachment) {
                    PlainTransport.closeQuietly(channel);
                    done.completeExceptionally(e);
                }
            });
        } catch (RuntimeException e) {
            PlainTransport.closeQuietly(channel);
            done.completeExceptionally(e);
        }
        return done;
    }

    @Override
    public void close() {
        pool.close();
        timer.shutdownNow();
        resolver.shutdownNow();
        try {
            group.shutdownNow();
        } catch (IOException e) {
            // The channels are closed already; nothing else to release.
        }
    }

    private static ThreadFactory daemons(String name) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
