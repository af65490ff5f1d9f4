package io.postern.auth.http;

import io.postern.spi.Connector;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;

/**
 * One event loop's idle kept-alive connections per auth server, newest first (LIFO, so the
 * fewest stay warm and the rest age out), each closed after {@link #IDLE_MILLIS} unused. Used
 * only on its loop, so it takes no lock; a sweep is scheduled on the loop only while something
 * is kept.
 */
final class ConnectionPool {

    /** How long an idle connection is kept. */
    static final long IDLE_MILLIS = 60_000;

    private static final Duration SWEEP_EVERY = Duration.ofSeconds(5);

    /** Where a pooled connection goes: its TLS-ness, host and port. */
    record Target(boolean tls, String host, int port) {
        static Target of(AuthHttpUrl url) {
            return new Target(url.tls(), url.host(), url.port());
        }
    }

    private record Idle(Transport transport, long since) {
    }

    private final Connector connector;
    private final Executor loop;
    private final Map<Target, Deque<Idle>> idle = new HashMap<>();
    private ScheduledFuture<?> sweep;
    private boolean closed;

    /** @param loop the event loop the pool belongs to (the calling one) */
    ConnectionPool(Connector connector, Executor loop) {
        this.connector = connector;
        this.loop = loop;
    }

    Executor loop() {
        return loop;
    }

    /** An idle connection to {@code target}, or null when there is none. */
    Transport poll(Target target) {
        Deque<Idle> queue = idle.get(target);
        while (queue != null && !queue.isEmpty()) {
            Transport t = queue.pollFirst().transport();
            if (t.isOpen()) {
                return t;
            }
            t.close();
        }
        return null;
    }

    /** Keeps {@code transport} for reuse, closing the oldest beyond {@code max}. */
    void release(Target target, Transport transport, int max, long now) {
        if (closed || max <= 0 || !transport.isOpen()) {
            transport.close();
            return;
        }
        Deque<Idle> queue = idle.computeIfAbsent(target, t -> new ArrayDeque<>());
        queue.addFirst(new Idle(transport, now));
        while (queue.size() > max) {
            queue.pollLast().transport().close();
        }
        if (sweep == null) {
            sweep = connector.schedule(this::sweep, SWEEP_EVERY);
        }
    }

    private void sweep() {
        sweep = null;
        sweep(System.currentTimeMillis());
        if (!closed && !idle.isEmpty()) {
            sweep = connector.schedule(this::sweep, SWEEP_EVERY);
        }
    }

    /** Closes connections idle since before {@code now - IDLE_MILLIS}. */
    void sweep(long now) {
        for (Iterator<Deque<Idle>> it = idle.values().iterator(); it.hasNext(); ) {
            Deque<Idle> queue = it.next();
            while (!queue.isEmpty() && now - queue.peekLast().since() >= IDLE_MILLIS) {
                queue.pollLast().transport().close();
            }
            if (queue.isEmpty()) {
                it.remove();
            }
        }
    }

    /** How many idle connections are kept, for tests. */
    int idleCount() {
        return idle.values().stream().mapToInt(Deque::size).sum();
    }

    /** Closes the idle connections; later releases close theirs. On the pool's loop. */
    void close() {
        closed = true;
        if (sweep != null) {
            sweep.cancel(false);
            sweep = null;
        }
        idle.values().forEach(q -> q.forEach(i -> i.transport().close()));
        idle.clear();
    }
}
