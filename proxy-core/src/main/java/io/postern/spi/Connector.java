package io.postern.spi;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;

/**
 * Outbound TCP connections and timers on Postern's own event loops, for a module that talks to
 * a server of its own (an auth server, a directory) without threads of its own. Added in SPI
 * 1.5; see {@link ModuleContext#connector()}.
 *
 * <p>Everything runs on an event loop: the calling thread's when it is one of Postern's (a
 * handler called for a session), else the next of the core's. A connection's I/O and every
 * completion of its stages run on the loop it was made on, so an exchange started by a session
 * handler completes on that session's loop with no thread hop and no lock. The work done in a
 * completion must therefore never block: it holds up every other session of the loop.
 *
 * <p>Usable once Postern started (not during {@code configure}, nor ever under
 * {@code postern -t}): before, {@link #connect} fails and {@link #schedule} refuses.
 */
public interface Connector {

    /**
     * Connects to {@code address}. An unresolved address (a host name) is resolved first with the
     * core's asynchronous resolver, as upstream names are; pass a resolved one to skip it.
     *
     * @param timeout how long the connection (resolution included) may take
     * @return the connection; fails with a {@link java.net.ConnectException} when the address is
     *     refused, unreachable, not resolved or does not answer within {@code timeout}
     */
    CompletionStage<Connection> connect(InetSocketAddress address, Duration timeout);

    /**
     * Runs {@code task} once after {@code delay}, on the calling thread's event loop (else the
     * next one). Cancelling the returned future removes the task from the loop's queue.
     */
    ScheduledFuture<?> schedule(Runnable task, Duration delay);

    /** The calling thread's event loop, else the next of the core's: where to run a task later. */
    Executor eventLoop();

    /** Whether the calling thread is one of Postern's event loops. */
    boolean inEventLoop();
}
