package io.postern.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One IMAP client connection of the load generator. One command at a time: {@link #command}
 * sends it with the next tag and completes with the tagged reply. Futures complete on the
 * connection's event loop, so whatever is chained to them must not block.
 */
public final class ImapConnection extends ChannelInboundHandlerAdapter implements LineListener {

    private final ReplyReader reader = new ReplyReader(this);
    private final CompletableFuture<ImapConnection> greeted = new CompletableFuture<>();
    private Channel channel;
    private int nextTag = 1;
    private String pendingTag;
    private CompletableFuture<ImapReply> pending;
    private CompletableFuture<String> continuation;
    private long literalBytes;
    private volatile Consumer<String> untagged = line -> { };

    private ImapConnection() {
    }

    /** Connects and completes once the server's {@code * OK} greeting arrived. */
    public static CompletableFuture<ImapConnection> open(Clients clients, InetSocketAddress address) {
        return open(clients, address, false);
    }

    /** Connects, with TLS from the first byte when {@code tls} (a full handshake), and completes once greeted. */
    public static CompletableFuture<ImapConnection> open(Clients clients, InetSocketAddress address, boolean tls) {
        ImapConnection connection = new ImapConnection();
        ChannelFuture connect = tls ? clients.connectTls(address, connection) : clients.connect(address, connection);
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                connection.greeted.completeExceptionally(f.cause());
            }
        });
        return connection.greeted;
    }

    /** Receives every untagged line ({@code * 3 EXISTS}), on the event loop. */
    public void onUntagged(Consumer<String> listener) {
        this.untagged = listener;
    }

    /** Sends {@code tag SP text CRLF}; completes with the tagged reply. */
    public CompletableFuture<ImapReply> command(String text) {
        CompletableFuture<ImapReply> reply = new CompletableFuture<>();
        channel.eventLoop().execute(() -> {
            if (pending != null) {
                reply.completeExceptionally(new IllegalStateException("a command is already running: " + pendingTag));
                return;
            }
            pendingTag = "a" + nextTag++;
            pending = reply;
            literalBytes = 0;
            write(pendingTag + " " + text + "\r\n");
        });
        return reply;
    }

    /**
     * Sends {@code tag SP text CRLF} for a command that is answered by a continuation first
     * ({@code IDLE}): the first future completes with the {@code +} line, the reply future later.
     */
    public CompletableFuture<String> commandAwaitingContinuation(String text, CompletableFuture<ImapReply> reply) {
        CompletableFuture<String> plus = new CompletableFuture<>();
        channel.eventLoop().execute(() -> {
            continuation = plus;
            pendingTag = "a" + nextTag++;
            pending = reply;
            literalBytes = 0;
            write(pendingTag + " " + text + "\r\n");
        });
        return plus;
    }

    /** Writes raw protocol text (the {@code DONE} that ends an IDLE, a literal's bytes). */
    public void write(String text) {
        channel.writeAndFlush(Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII), channel.voidPromise());
    }

    /** Writes {@code data} and flushes. */
    public void write(ByteBuf data) {
        channel.writeAndFlush(data, channel.voidPromise());
    }

    public Channel channel() {
        return channel;
    }

    /** Closes the connection; completes when it is closed. */
    public CompletableFuture<Void> close() {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        channel.close().addListener(f -> closed.complete(null));
        return closed;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            reader.read(in);
        } finally {
            in.release();
        }
    }

    @Override
    public void onLine(String line) {
        if (!greeted.isDone()) {
            if (line.startsWith("* OK")) {
                greeted.complete(this);
            } else {
                greeted.completeExceptionally(new IllegalStateException("greeting: " + line));
                channel.close();
            }
            return;
        }
        if (line.startsWith("* ")) {
            untagged.accept(line);
        } else if (line.startsWith("+")) {
            CompletableFuture<String> plus = continuation;
            continuation = null;
            if (plus != null) {
                plus.complete(line);
            }
        } else if (pending != null && line.startsWith(pendingTag + " ")) {
            CompletableFuture<ImapReply> reply = pending;
            pending = null;
            reply.complete(new ImapReply(line, literalBytes));
        }
    }

    @Override
    public void onLiteralBytes(int bytes) {
        literalBytes += bytes;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        IllegalStateException closed = new IllegalStateException("connection closed by the server");
        greeted.completeExceptionally(closed);
        if (pending != null) {
            pending.completeExceptionally(closed);
            pending = null;
        }
        if (continuation != null) {
            continuation.completeExceptionally(closed);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
