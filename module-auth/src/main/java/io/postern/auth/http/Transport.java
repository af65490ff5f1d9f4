package io.postern.auth.http;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * A connection to an auth server, plain or TLS, over a core {@link io.postern.spi.Connection}:
 * its completions run on the connection's event loop. One operation at a time: the exchange
 * writes, then reads.
 */
interface Transport {

    /** Writes all of {@code src}. */
    CompletableFuture<Void> write(ByteBuffer src);

    /** Reads some application bytes into {@code dst}; completes with -1 at the end of the stream. */
    CompletableFuture<Integer> read(ByteBuffer dst);

    boolean isOpen();

    /** Closes the connection; pending operations fail. Idempotent, from any thread. */
    void close();
}
