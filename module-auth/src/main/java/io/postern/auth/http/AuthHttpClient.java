package io.postern.auth.http;

import io.postern.spi.Connector;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import javax.net.ssl.SSLContext;

/**
 * The module's HTTP client, on the core's event loops through its {@link Connector}: no thread
 * of its own. An exchange runs wholly on one loop (the session's, which started it), with that
 * loop's own {@link ConnectionPool}, its timeout on the same loop, and no lock anywhere. Made in
 * {@code start()}, closed at shutdown.
 */
final class AuthHttpClient implements AutoCloseable {

    private final Connector connector;
    private final SSLContext ssl;
    /** Each event loop's pool, made by the loop itself on its first exchange. */
    private final ThreadLocal<ConnectionPool> pools;
    /** Every loop's pool with its loop, to close them at shutdown. */
    private final List<ConnectionPool> allPools = new CopyOnWriteArrayList<>();
    /** Each URL's socket address: an IP literal parsed once, a name left for the core's resolver. */
    private final Map<AuthHttpUrl, InetSocketAddress> addresses = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private AuthHttpClient(Connector connector, SSLContext ssl) {
        this.connector = connector;
        this.ssl = ssl;
        this.pools = ThreadLocal.withInitial(() -> {
            ConnectionPool pool = new ConnectionPool(connector, connector.eventLoop());
            allPools.add(pool);
            if (closed) {
                pool.close();
            }
            return pool;
        });
    }

    /** A client on {@code connector}'s loops; {@code ssl} verifies auth servers' certificates for {@code https://} URLs. */
    static AuthHttpClient start(Connector connector, SSLContext ssl) {
        Objects.requireNonNull(connector, "connector");
        Objects.requireNonNull(ssl, "ssl");
        return new AuthHttpClient(connector, ssl);
    }

    /** A new exchange of {@code request} with {@code url}; call {@link Exchange#start()} to run it. */
    Exchange exchange(AuthHttpUrl url, byte[] request, AuthHttpSettings settings) {
        return new Exchange(this, url, request, settings);
    }

    /** The calling event loop's pool; only ever used on that loop. */
    ConnectionPool pool() {
        return pools.get();
    }

    Connector connector() {
        return connector;
    }

    /** Runs {@code task} after {@code delay} on the calling event loop (else the next one). */
    ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return connector.schedule(task, delay);
    }

    /** Runs {@code task} on an event loop: at once when called on one, else on the next. */
    void onEventLoop(Runnable task) {
        if (connector.inEventLoop()) {
            task.run();
        } else {
            connector.eventLoop().execute(task);
        }
    }

    /**
     * Connects to {@code url} (its host name, if any, resolved by the core without blocking), and
     * runs the TLS handshake for {@code https://}. Completes on the calling event loop.
     */
    CompletableFuture<Transport> connect(AuthHttpUrl url, Duration timeout) {
        InetSocketAddress address;
        try {
            address = addresses.computeIfAbsent(url, AuthHttpClient::address);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return connector.connect(address, timeout).toCompletableFuture().thenCompose(connection -> {
            if (!url.tls()) {
                return CompletableFuture.completedFuture(new PlainTransport(connection));
            }
            return TlsTransport.handshake(connection, ssl, url).whenComplete((t, e) -> {
                if (e != null) {
                    connection.close();
                }
            });
        });
    }

    private static InetSocketAddress address(AuthHttpUrl url) {
        String host = url.host();
        if (host.indexOf(':') >= 0 || host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
            try {
                return new InetSocketAddress(InetAddress.getByName(host), url.port()); // a literal: no lookup
            } catch (IOException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        return InetSocketAddress.createUnresolved(host, url.port());
    }

    /** Closes every loop's idle connections, each on its loop; exchanges in flight end on their own. */
    @Override
    public void close() {
        closed = true;
        for (ConnectionPool pool : allPools) {
            try {
                pool.loop().execute(pool::close);
            } catch (RejectedExecutionException e) {
                pool.close(); // the loop stopped: its connections are closed, only the pool's list is left
            }
        }
    }

    boolean closed() {
        return closed;
    }

    /** How many idle connections the pools keep, for tests (read on the pools' loops). */
    int idleCount() {
        return allPools.stream().mapToInt(ConnectionPool::idleCount).sum();
    }
}
