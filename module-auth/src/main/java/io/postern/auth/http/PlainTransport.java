package io.postern.auth.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.util.concurrent.CompletableFuture;

/** A plain TCP connection. */
final class PlainTransport implements Transport {

    private final AsynchronousSocketChannel channel;

    PlainTransport(AsynchronousSocketChannel channel) {
        this.channel = channel;
    }

    @Override
    public CompletableFuture<Void> write(ByteBuffer src) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        writeAll(channel, src, done);
        return done;
    }

    @Override
    public CompletableFuture<Integer> read(ByteBuffer dst) {
        return readSome(channel, dst);
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }

    /** Writes until {@code src} is empty (a socket write may take only part of it). */
    static void writeAll(AsynchronousSocketChannel channel, ByteBuffer src, CompletableFuture<Void> done) {
        try {
            channel.write(src, null, new CompletionHandler<Integer, Void>() {
                @Override
                public void completed(Integer n, Void attachment) {
                    if (src.hasRemaining()) {
                        writeAll(channel, src, done);
                    } else {
                        done.complete(null);
                    }
                }

                @Override
                public void failed(Throwable e, Void attachment) {
                    done.completeExceptionally(e);
                }
            });
        } catch (RuntimeException e) {
            done.completeExceptionally(e); // closed or shut down meanwhile
        }
    }

    static CompletableFuture<Integer> readSome(AsynchronousSocketChannel channel, ByteBuffer dst) {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        try {
            channel.read(dst, null, new CompletionHandler<Integer, Void>() {
                @Override
                public void completed(Integer n, Void attachment) {
                    done.complete(n);
                }

                @Override
                public void failed(Throwable e, Void attachment) {
                    done.completeExceptionally(e);
                }
            });
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    static void closeQuietly(AsynchronousSocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing to do: the connection is being dropped either way.
        }
    }
}
