package io.postern.spi;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

/**
 * An outbound TCP connection made by a {@link Connector}. Added in SPI 1.5.
 *
 * <p>Its stages complete on the connection's event loop (the one it was made on); a method
 * called from another thread hops there first. One read and one write may be pending at a time;
 * the buffers belong to the connection until their stage completes.
 */
public interface Connection {

    /**
     * Writes all of {@code src} (its position moves to its limit once sent).
     *
     * @return completes once the bytes are handed to the socket; fails with an
     *     {@link java.io.IOException} when the connection is closed
     */
    CompletionStage<Void> write(ByteBuffer src);

    /**
     * Reads what has arrived, or waits for at least one byte, into {@code dst} (which must have
     * room).
     *
     * @return the number of bytes read, or -1 once the server closed the connection (after all its
     *     bytes were read); fails with an {@link java.io.IOException} on a reset or a local close
     */
    CompletionStage<Integer> read(ByteBuffer dst);

    /** Whether the connection is still open (the server may close it at any time). */
    boolean isOpen();

    /** Closes the connection, from any thread; pending stages fail. Idempotent. */
    void close();
}
