package io.postern.engine;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.postern.spi.Connection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A module's {@link Connection}: a channel read only on demand ({@code AUTO_READ} off, one socket
 * read per {@link #read} that finds nothing buffered). Received bytes are copied out of Netty's
 * buffers at once (into the pending read's buffer, the rest into a small heap buffer), so no
 * reference-counted buffer outlives a callback. All state is the loop's; calls from other threads
 * hop there.
 */
final class ModuleConnection extends ChannelInboundHandlerAdapter implements Connection {

    private Channel channel;
    /** Bytes received and not yet read, in read mode; null when none. */
    private ByteBuffer spill;
    private ByteBuffer readInto;
    private CompletableFuture<Integer> reading;
    private boolean ended;
    private IOException failure;
    private volatile boolean closing;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    /** The connection's channel, once the connector made it (tests read its socket options). */
    Channel channel() {
        return channel;
    }

    @Override
    public CompletionStage<Void> write(ByteBuffer src) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (channel.eventLoop().inEventLoop()) {
            write(src, done);
        } else {
            channel.eventLoop().execute(() -> write(src, done));
        }
        return done;
    }

    private void write(ByteBuffer src, CompletableFuture<Void> done) {
        if (!channel.isActive()) {
            done.completeExceptionally(failure != null ? failure : ModuleConnector.closed());
            return;
        }
        ByteBuf out = channel.alloc().ioBuffer(src.remaining());
        out.writeBytes(src);
        channel.writeAndFlush(out).addListener(f -> {
            if (f.isSuccess()) {
                done.complete(null);
            } else {
                done.completeExceptionally(plain(f.cause()));
            }
        });
    }

    @Override
    public CompletionStage<Integer> read(ByteBuffer dst) {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        if (channel.eventLoop().inEventLoop()) {
            read(dst, done);
        } else {
            channel.eventLoop().execute(() -> read(dst, done));
        }
        return done;
    }

    private void read(ByteBuffer dst, CompletableFuture<Integer> done) {
        if (reading != null) {
            done.completeExceptionally(new IllegalStateException("a read is pending already"));
            return;
        }
        if (spill != null) {
            done.complete(drainSpill(dst));
        } else if (failure != null) {
            done.completeExceptionally(failure);
        } else if (ended || !channel.isActive()) {
            done.complete(-1);
        } else {
            readInto = dst;
            reading = done;
            channel.read();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            int n = -1;
            if (reading != null && spill == null) {
                n = Math.min(in.readableBytes(), readInto.remaining());
                int limit = readInto.limit();
                readInto.limit(readInto.position() + n);
                in.readBytes(readInto);
                readInto.limit(limit);
            }
            if (in.isReadable()) {
                keep(in); // before completing: the reader's next read takes these first
            }
            if (n >= 0) {
                complete(n);
            }
        } finally {
            in.release();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (reading != null) {
            ctx.read(); // nothing came for the pending read (or only an empty read): ask again
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ended = true;
        if (reading != null) {
            if (closing) {
                fail(ModuleConnector.closed());
            } else {
                complete(-1);
            }
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        failure = plain(cause);
        if (reading != null) {
            fail(failure);
        }
        ctx.close();
    }

    @Override
    public boolean isOpen() {
        return channel.isActive();
    }

    @Override
    public void close() {
        closing = true;
        channel.close();
    }

    private int drainSpill(ByteBuffer dst) {
        int n = Math.min(spill.remaining(), dst.remaining());
        int limit = spill.limit();
        spill.limit(spill.position() + n);
        dst.put(spill);
        spill.limit(limit);
        if (!spill.hasRemaining()) {
            spill = null;
        }
        return n;
    }

    private void keep(ByteBuf in) {
        ByteBuffer grown = ByteBuffer.allocate((spill == null ? 0 : spill.remaining()) + in.readableBytes());
        if (spill != null) {
            grown.put(spill);
        }
        in.readBytes(grown);
        spill = grown.flip();
    }

    private void complete(int n) {
        CompletableFuture<Integer> done = reading;
        reading = null;
        readInto = null;
        done.complete(n);
    }

    private void fail(IOException e) {
        CompletableFuture<Integer> done = reading;
        reading = null;
        readInto = null;
        done.completeExceptionally(e);
    }

    /** An I/O failure as a plain {@link IOException} with the system's words, without Netty's types. */
    static IOException plain(Throwable cause) {
        if (cause instanceof IOException io && cause.getClass().getName().startsWith("java.")) {
            return io;
        }
        return new IOException(plainMessage(cause));
    }

    /** {@code "recvAddress(..) failed: Connection reset by peer"} as {@code "Connection reset by peer"}. */
    static String plainMessage(Throwable cause) {
        String message = cause.getMessage();
        if (message == null) {
            return cause.getClass().getSimpleName();
        }
        int call = message.indexOf("(..) failed: ");
        return call < 0 ? message : message.substring(call + "(..) failed: ".length());
    }
}
