package io.postern.cli;

import java.util.concurrent.CountDownLatch;

/**
 * How the running process was told to stop: nginx's fast shutdown (SIGTERM, SIGINT,
 * {@code -s stop}: listeners and sessions closed now) or its graceful one ({@code -s quit}:
 * no new connections, sessions given {@code shutdown_timeout} to end, then closed). The first
 * request decides; a fast one after a graceful one is too late to change it (the drain is
 * bounded by {@code shutdown_timeout} anyway).
 *
 * <p>nginx's graceful signal is SIGQUIT, which a Java 17 JVM never lets an application handle
 * (it is the thread dump's, with or without {@code -Xrs}; and {@code -Xrs} would also take
 * SIGTERM, SIGINT and SIGHUP away). Postern's graceful signal is therefore SIGUSR2.
 */
final class Stop {

    /** The signal of {@code -s quit}. */
    static final String GRACEFUL_SIGNAL = "USR2";

    private final CountDownLatch requested = new CountDownLatch(1);
    private volatile Boolean graceful;

    void fast() {
        request(false);
    }

    void graceful() {
        request(true);
    }

    private synchronized void request(boolean gracefully) {
        if (graceful == null) {
            graceful = gracefully;
            requested.countDown();
        }
    }

    /** Waits for the first request; returns whether it asked for a graceful stop. */
    boolean await() {
        boolean interrupted = false;
        while (true) {
            try {
                requested.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return graceful;
    }
}
