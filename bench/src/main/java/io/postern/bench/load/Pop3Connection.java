package io.postern.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ByteProcessor;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * One POP3 client connection of the load generator. {@link #command} sends a command and
 * completes with its one-line answer; {@link #retrieve} sends {@code RETR n} and completes with
 * the number of bytes of the multi-line answer up to its {@code CRLF.CRLF}, which are counted
 * and never kept. One command at a time; futures complete on the event loop, so whatever is
 * chained to them must not block.
 */
public final class Pop3Connection extends ChannelInboundHandlerAdapter {

    private static final int MAX_LINE = 64 * 1024;

    private final CompletableFuture<Pop3Connection> greeted = new CompletableFuture<>();
    private final StringBuilder line = new StringBuilder();
    private final EndOfData endOfData = new EndOfData();
    private Channel channel;
    private CompletableFuture<String> pendingLine;
    private CompletableFuture<Long> pendingData;
    private boolean inData;

    private Pop3Connection() {
    }

    /** Connects and completes once the server's {@code +OK} greeting arrived. */
    public static CompletableFuture<Pop3Connection> open(Clients clients, InetSocketAddress address) {
        Pop3Connection connection = new Pop3Connection();
        ChannelFuture connect = clients.connect(address, connection);
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                connection.greeted.completeExceptionally(f.cause());
            }
        });
        return connection.greeted;
    }

    /** Sends {@code text CRLF}; completes with the answer's line, failing unless it is {@code +OK}. */
    public CompletableFuture<String> command(String text) {
        CompletableFuture<String> answer = new CompletableFuture<>();
        channel.eventLoop().execute(() -> {
            if (busy(answer)) {
                return;
            }
            pendingLine = answer;
            write(text);
        });
        return answer.thenApply(Pop3Connection::ok);
    }

    /** Sends {@code RETR n}; completes with the bytes of the message as sent (dot-stuffed, CRLF.CRLF included). */
    public CompletableFuture<Long> retrieve(int message) {
        CompletableFuture<String> status = new CompletableFuture<>();
        CompletableFuture<Long> data = new CompletableFuture<>();
        channel.eventLoop().execute(() -> {
            if (busy(status)) {
                return;
            }
            pendingLine = status;
            pendingData = data;
            write("RETR " + message);
        });
        return status.thenApply(Pop3Connection::ok).thenCompose(s -> data);
    }

    /** Closes the connection; completes when it is closed. */
    public CompletableFuture<Void> close() {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        channel.close().addListener(f -> closed.complete(null));
        return closed;
    }

    private boolean busy(CompletableFuture<String> answer) {
        if (pendingLine != null || pendingData != null) {
            answer.completeExceptionally(new IllegalStateException("a command is already running"));
            return true;
        }
        return false;
    }

    private void write(String text) {
        channel.writeAndFlush(Unpooled.copiedBuffer(text + "\r\n", StandardCharsets.US_ASCII), channel.voidPromise());
    }

    private static String ok(String answer) {
        if (!answer.startsWith("+OK")) {
            throw new IllegalStateException("POP3: " + answer);
        }
        return answer;
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
            while (in.isReadable()) {
                if (inData) {
                    readData(in);
                } else {
                    readLine(in);
                }
            }
        } finally {
            in.release();
        }
    }

    private void readData(ByteBuf in) {
        int end = in.forEachByte(endOfData);
        int consumed = end < 0 ? in.readableBytes() : end - in.readerIndex() + 1;
        endOfData.bytes += consumed;
        in.skipBytes(consumed);
        if (end >= 0) {
            inData = false;
            CompletableFuture<Long> data = pendingData;
            pendingData = null;
            data.complete(endOfData.bytes);
        }
    }

    private void readLine(ByteBuf in) {
        int lf = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
        int end = lf < 0 ? in.writerIndex() : lf;
        line.append(in.toString(in.readerIndex(), end - in.readerIndex(), StandardCharsets.ISO_8859_1));
        in.readerIndex(lf < 0 ? end : end + 1);
        if (line.length() > MAX_LINE) {
            throw new IllegalStateException("server line longer than " + MAX_LINE + " bytes");
        }
        if (lf >= 0) {
            int length = line.length() > 0 && line.charAt(line.length() - 1) == '\r' ? line.length() - 1 : line.length();
            String text = line.substring(0, length);
            line.setLength(0);
            onLine(text);
        }
    }

    private void onLine(String text) {
        if (!greeted.isDone()) {
            if (text.startsWith("+OK")) {
                greeted.complete(this);
            } else {
                greeted.completeExceptionally(new IllegalStateException("greeting: " + text));
                channel.close();
            }
            return;
        }
        CompletableFuture<String> answer = pendingLine;
        pendingLine = null;
        if (answer == null) {
            return;
        }
        if (pendingData != null) {
            if (text.startsWith("+OK")) {
                inData = true;
                endOfData.reset();
            } else {
                pendingData = null;
            }
        }
        answer.complete(text);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        IllegalStateException closed = new IllegalStateException("connection closed by the server");
        greeted.completeExceptionally(closed);
        if (pendingLine != null) {
            pendingLine.completeExceptionally(closed);
            pendingLine = null;
        }
        if (pendingData != null) {
            pendingData.completeExceptionally(closed);
            pendingData = null;
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    /**
     * Finds the {@code CRLF.CRLF} that ends a multi-line answer, across reads: the data starts at
     * a line's start (after the status line), so an empty message ends at its first {@code .CRLF}.
     */
    static final class EndOfData implements ByteProcessor {

        private enum State { MID_LINE, CR, LINE_START, DOT, DOT_CR }

        private State state = State.LINE_START;
        private long bytes;

        void reset() {
            state = State.LINE_START;
            bytes = 0;
        }

        long bytes() {
            return bytes;
        }

        /** False (stop) at the LF that ends the data. */
        @Override
        public boolean process(byte b) {
            state = switch (state) {
                case CR -> b == '\n' ? State.LINE_START : b == '\r' ? State.CR : State.MID_LINE;
                case LINE_START -> b == '.' ? State.DOT : b == '\r' ? State.CR : State.MID_LINE;
                case DOT -> b == '\r' ? State.DOT_CR : State.MID_LINE;
                case DOT_CR -> {
                    if (b == '\n') {
                        yield null;
                    }
                    yield b == '\r' ? State.CR : State.MID_LINE;
                }
                case MID_LINE -> b == '\r' ? State.CR : State.MID_LINE;
            };
            if (state == null) {
                state = State.LINE_START;
                return false;
            }
            return true;
        }
    }
}
