package io.postern.auth.http;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Idle kept-alive connections per auth server, newest first (LIFO, so the fewest stay
 * warm and the rest age out), each closed after {@link #IDLE_MILLIS} unused.
 */
final class ConnectionPool {

    /** How long an idle connection is kept. */
    static final long IDLE_MILLIS = 60_000;

    /** Where a pooled connection goes: its TLS-ness, host and port. */
    record Target(boolean tls, String host, int port) {
        static Target of(AuthHttpUrl url) {
            return new Target(url.tls(), url.host(), url.port());
        }
    }

    private record Idle(Transport transport, long since) {
    }

    private final Map<Target, Deque<Idle>> idle = new HashMap<>();
    private boolean closed;

    /** An idle connection to {@code target}, or null when there is none. */
    synchronized Transport poll(Target target) {
        Deque<Idle> queue = idle.get(target);
        while (queue != null && !queue.isEmpty()) {
            Transport t = queue.pollFirst().transport();
            if (t.isOpen()) {
                return t;
            }
        }
        return null;
    }

    /** Keeps {@code transport} for reuse, closing the oldest beyond {@code max}. */
    void release(Target target, Transport transport, int max, long now) {
        List<Transport> toClose = new ArrayList<>();
        synchronized (this) {
            if (closed || max <= 0 || !transport.isOpen()) {
                toClose.add(transport);
            } else {
                Deque<Idle> queue = idle.computeIfAbsent(target, t -> new ArrayDeque<>());
                queue.addFirst(new Idle(transport, now));
                while (queue.size() > max) {
                    toClose.add(queue.pollLast().transport());
                }
            }
        }
        toClose.forEach(Transport::close);
    }

    /** Closes connections idle since before {@code now - IDLE_MILLIS}. */
    void sweep(long now) {
        List<Transport> toClose = new ArrayList<>();
        synchronized (this) {
            for (Iterator<Deque<Idle>> it = idle.values().iterator(); it.hasNext(); ) {
                Deque<Idle> queue = it.next();
                while (!queue.isEmpty() && now - queue.peekLast().since() >= IDLE_MILLIS) {
                    toClose.add(queue.pollLast().transport());
                }
                if (queue.isEmpty()) {
                    it.remove();
                }
            }
        }
        toClose.forEach(Transport::close);
    }

    /** How many idle connections are kept, for tests. */
    synchronized int idleCount() {
        return idle.values().stream().mapToInt(Deque::size).sum();
    }

    void close() {
        List<Transport> toClose = new ArrayList<>();
        synchronized (this) {
            closed = true;
            idle.values().forEach(q -> q.forEach(i -> toClose.add(i.transport())));
            idle.clear();
        }
        toClose.forEach(Transport::close);
    }
}
