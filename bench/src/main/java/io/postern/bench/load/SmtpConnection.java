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

/**
 * One SMTP client connection of the load generator: {@link #send} writes a command (or a
 * message body) and completes with the last line of the reply ({@code 250 ...}, after any
 * {@code 250-} lines). Futures complete on the event loop; chain nothing that blocks.
 */
public final class SmtpConnection extends ChannelInboundHandlerAdapter implements LineListener {

    private final ReplyReader reader = new ReplyReader(this);
    private final CompletableFuture<SmtpConnection> greeted = new CompletableFuture<>();
    private Channel channel;
    private CompletableFuture<String> pending;

    private SmtpConnection() {
    }

    /** Connects and completes once the {@code 220} greeting arrived. */
    public static CompletableFuture<SmtpConnection> open(Clients clients, InetSocketAddress address) {
        SmtpConnection connection = new SmtpConnection();
        ChannelFuture connect = clients.connect(address, connection);
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                connection.greeted.completeExceptionally(f.cause());
            }
        });
        return connection.greeted;
    }

    /** Sends {@code text CRLF}; completes with the reply's last line. */
    public CompletableFuture<String> send(String text) {
        return send(Unpooled.copiedBuffer(text + "\r\n", StandardCharsets.US_ASCII));
    }

    /** Sends {@code data} (released by Netty once written); completes with the reply's last line. */
    public CompletableFuture<String> send(ByteBuf data) {
        CompletableFuture<String> reply = new CompletableFuture<>();
        channel.eventLoop().execute(() -> {
            if (pending != null) {
                data.release();
                reply.completeExceptionally(new IllegalStateException("a command is already running"));
                return;
            }
            pending = reply;
            channel.writeAndFlush(data, channel.voidPromise());
        });
        return reply;
    }

    /** {@link #send}, failing the future unless the reply has the code {@code expected}. */
    public CompletableFuture<String> expect(String text, String expected) {
        return check(send(text), text.split(" ")[0], expected);
    }

    /** {@link #send(ByteBuf)}, failing the future unless the reply has the code {@code expected}. */
    public CompletableFuture<String> expect(ByteBuf data, String what, String expected) {
        return check(send(data), what, expected);
    }

    private static CompletableFuture<String> check(CompletableFuture<String> reply, String what, String expected) {
        return reply.thenApply(line -> {
            if (!line.startsWith(expected)) {
                throw new IllegalStateException(what + ": " + line);
            }
            return line;
        });
    }

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
        if (line.length() >= 4 && line.charAt(3) == '-') {
            return;
        }
        if (!greeted.isDone()) {
            if (line.startsWith("220")) {
                greeted.complete(this);
            } else {
                greeted.completeExceptionally(new IllegalStateException("greeting: " + line));
                channel.close();
            }
            return;
        }
        CompletableFuture<String> reply = pending;
        pending = null;
        if (reply != null) {
            reply.complete(line);
        }
    }

    @Override
    public void onLiteralBytes(int bytes) {
        // SMTP has no literals; a line ending in {n} would be a server's oddity, never seen
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        IllegalStateException closed = new IllegalStateException("connection closed by the server");
        greeted.completeExceptionally(closed);
        if (pending != null) {
            pending.completeExceptionally(closed);
            pending = null;
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
