package io.postern.auth.http;

import io.postern.spi.Connection;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/** A plain TCP connection. */
final class PlainTransport implements Transport {

    private final Connection connection;

    PlainTransport(Connection connection) {
        this.connection = connection;
    }

    @Override
    public CompletableFuture<Void> write(ByteBuffer src) {
        return connection.write(src).toCompletableFuture();
    }

    @Override
    public CompletableFuture<Integer> read(ByteBuffer dst) {
        return connection.read(dst).toCompletableFuture();
    }

    @Override
    public boolean isOpen() {
        return connection.isOpen();
    }

    @Override
    public void close() {
        connection.close();
    }
}
