package io.postern.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postern.spi.Connection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The modules' connector: bytes both ways, the end of the stream, failures as the JDK's, and the loop. */
class ModuleConnectorTest {

    private ModuleConnector connector;
    private ServerSocket server;

    @BeforeEach
    void start() throws IOException {
        connector = ModuleConnector.standalone();
        server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        connector.close();
    }

    private InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    private Connection connect() throws Exception {
        return connector.connect(address(), Duration.ofSeconds(5)).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static int read(Connection connection, ByteBuffer dst) throws Exception {
        return connection.read(dst).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void writesAndReadsBytesThenSeesTheEndOfTheStream() throws Exception {
        Connection connection = connect();
        try (Socket peer = server.accept()) {
            ByteBuffer request = ByteBuffer.wrap("ping".getBytes(StandardCharsets.US_ASCII));
            connection.write(request).toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertThat(request.hasRemaining()).isFalse();
            assertThat(new String(peer.getInputStream().readNBytes(4), StandardCharsets.US_ASCII)).isEqualTo("ping");
            OutputStream out = peer.getOutputStream();
            out.write("pong, and more".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            peer.shutdownOutput();
            // A small buffer: the rest is kept for the next reads, in order.
            StringBuilder got = new StringBuilder();
            ByteBuffer dst = ByteBuffer.allocate(4);
            int n;
            while ((n = read(connection, dst.clear())) >= 0) {
                got.append(new String(dst.array(), 0, n, StandardCharsets.US_ASCII));
            }
            assertThat(got.toString()).isEqualTo("pong, and more");
            assertThat(read(connection, dst.clear())).isEqualTo(-1);
        } finally {
            connection.close();
        }
        assertThat(connection.isOpen()).isFalse();
    }

    @Test
    void aPendingReadCompletesOnTheConnectionsLoop() throws Exception {
        CompletableFuture<Thread> loop = new CompletableFuture<>();
        connector.eventLoop().execute(() -> loop.complete(Thread.currentThread()));
        Connection connection = connect();
        try (Socket peer = server.accept()) {
            CompletableFuture<Thread> completer = new CompletableFuture<>();
            connection.read(ByteBuffer.allocate(16)).whenComplete((n, e) -> completer.complete(Thread.currentThread()));
            peer.getOutputStream().write('x');
            assertThat(completer.get(5, TimeUnit.SECONDS)).isSameAs(loop.get());
        } finally {
            connection.close();
        }
    }

    @Test
    void aRefusedConnectionFailsWithTheJdksException() throws Exception {
        InetSocketAddress closed = address();
        server.close();
        assertThatThrownBy(() -> connector.connect(closed, Duration.ofSeconds(5)).toCompletableFuture()
                .get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isExactlyInstanceOf(ConnectException.class).hasMessage("Connection refused");
    }

    @Test
    void closingFailsAPendingRead() throws Exception {
        Connection connection = connect();
        try (Socket peer = server.accept()) {
            CompletableFuture<Integer> read = connection.read(ByteBuffer.allocate(16)).toCompletableFuture();
            connection.close();
            assertThatThrownBy(() -> read.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(IOException.class);
            InputStream in = peer.getInputStream();
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void schedulesOnTheCallingLoopAndCancelledTasksLeaveItsQueue() throws Exception {
        CompletableFuture<Boolean> ran = new CompletableFuture<>();
        CompletableFuture<Boolean> onLoop = new CompletableFuture<>();
        connector.eventLoop().execute(() -> {
            ScheduledFuture<?> never = connector.schedule(() -> ran.complete(false), Duration.ofSeconds(30));
            never.cancel(false);
            connector.schedule(() -> onLoop.complete(connector.inEventLoop()), Duration.ofMillis(10));
        });
        assertThat(onLoop.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).isNotDone();
        assertThat(connector.inEventLoop()).isFalse();
    }

    @Test
    void anUnboundConnectorRefusesUntilTheServerStarts() {
        ModuleConnector unbound = new ModuleConnector();
        assertThat(unbound.connect(address(), Duration.ofSeconds(1)).toCompletableFuture())
                .failsWithin(Duration.ofSeconds(1)).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> unbound.schedule(() -> { }, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(unbound.inEventLoop()).isFalse();
    }
}
