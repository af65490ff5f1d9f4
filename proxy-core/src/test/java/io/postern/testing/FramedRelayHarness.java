package io.postern.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.postern.engine.SessionLog;
import io.postern.relay.FilterChain;
import io.postern.relay.FramedConnection;
import io.postern.module.Named;
import io.postern.spi.CloseReason;
import io.postern.spi.filter.PostLoginFilter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A framed relay between two {@link EmbeddedChannel}s, for byte-exact tests without sockets:
 * {@link #client} stands for the client's connection (what the test writes inbound is what the
 * client sent; its outbound is what the client gets) and {@link #upstream} for the server's.
 * The protocol's handlers are built over the harness's {@link FramedConnection}, in the order
 * client decoder, client handler, upstream decoder, upstream handler.
 */
public final class FramedRelayHarness implements AutoCloseable {

    public final EmbeddedChannel client = new EmbeddedChannel();
    public final EmbeddedChannel upstream = new EmbeddedChannel();
    public final FramedConnection connection;
    /** The close reasons the relay recorded, first first. */
    public final List<CloseReason> closeReasons = new ArrayList<>();

    /**
     * @param goodbye the protocol's goodbye line
     * @param handlers the four handlers over the connection
     */
    public FramedRelayHarness(Function<String, String> goodbye,
                              Function<FramedConnection, ChannelHandler[]> handlers) {
        this(goodbye, handlers, null);
    }

    /** The same, with both channels allocating from {@code allocator} (to count what stays allocated). */
    public FramedRelayHarness(Function<String, String> goodbye,
                              Function<FramedConnection, ChannelHandler[]> handlers, ByteBufAllocator allocator) {
        if (allocator != null) {
            client.config().setAllocator(allocator);
            upstream.config().setAllocator(allocator);
        }
        connection = new FramedConnection(SessionLog.detached("test"), (reason, detail) -> closeReasons.add(reason),
                client, upstream, goodbye);
        ChannelHandler[] all = handlers.apply(connection);
        client.pipeline().addLast(all[0], all[1]);
        upstream.pipeline().addLast(all[2], all[3]);
    }

    /** A chain of the given filters, as the core builds it. */
    @SafeVarargs
    public static <C, R> FilterChain<C, R> chain(Function<C, String> commandName,
                                                 PostLoginFilter<C, R>... filters) {
        List<Named<? extends PostLoginFilter<C, R>>> named = new ArrayList<>();
        for (int i = 0; i < filters.length; i++) {
            named.add(new Named<>("test", "filter-" + i, filters[i]));
        }
        return new FilterChain<>(named, SessionLog.detached("test")::error, commandName);
    }

    /** The client sends {@code text}. */
    public FramedRelayHarness fromClient(String text) {
        return fromClient(bytes(text));
    }

    public FramedRelayHarness fromClient(byte[] bytes) {
        write(client, bytes);
        return this;
    }

    /** The server sends {@code text}. */
    public FramedRelayHarness fromServer(String text) {
        return fromServer(bytes(text));
    }

    public FramedRelayHarness fromServer(byte[] bytes) {
        write(upstream, bytes);
        return this;
    }

    /** Feeds each chunk as a separate read from the client. */
    public FramedRelayHarness fromClient(ByteSplits.Chunking chunking) {
        chunking.chunks().forEach(this::fromClient);
        return this;
    }

    public FramedRelayHarness fromServer(ByteSplits.Chunking chunking) {
        chunking.chunks().forEach(this::fromServer);
        return this;
    }

    /** Everything the server got since the last call, as text; the buffers are released. */
    public String toServer() {
        return new String(drain(upstream), StandardCharsets.UTF_8);
    }

    /** Everything the client got since the last call, as text; the buffers are released. */
    public String toClient() {
        return new String(drain(client), StandardCharsets.UTF_8);
    }

    public byte[] toServerBytes() {
        return drain(upstream);
    }

    public byte[] toClientBytes() {
        return drain(client);
    }

    /** How many bytes the relay wrote to {@code channel} since the last drain, releasing them. */
    public static long discard(EmbeddedChannel channel) {
        long total = 0;
        for (Object message = channel.readOutbound(); message != null; message = channel.readOutbound()) {
            ByteBuf buffer = (ByteBuf) message;
            total += buffer.readableBytes();
            buffer.release();
        }
        return total;
    }

    private static byte[] drain(EmbeddedChannel channel) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object message = channel.readOutbound(); message != null; message = channel.readOutbound()) {
            ByteBuf buffer = (ByteBuf) message;
            byte[] bytes = new byte[buffer.readableBytes()];
            buffer.readBytes(bytes);
            buffer.release();
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    private static void write(EmbeddedChannel channel, byte[] bytes) {
        if (!channel.isActive()) {
            return;
        }
        ByteBuf buffer = channel.alloc().buffer(bytes.length);
        buffer.writeBytes(bytes);
        channel.writeInbound(buffer);
        // Nothing reaches the end of the pipeline: every frame is handled and released.
        Object leftover = channel.readInbound();
        if (leftover != null) {
            throw new AssertionError("a message went past the relay: " + leftover);
        }
    }

    public static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Closes both channels and releases what they still hold. */
    @Override
    public void close() {
        client.finishAndReleaseAll();
        upstream.finishAndReleaseAll();
    }
}
