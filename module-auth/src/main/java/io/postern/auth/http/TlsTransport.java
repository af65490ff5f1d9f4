package io.postern.auth.http;

import io.postern.spi.Connection;
import java.io.EOFException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * TLS over a core {@link Connection} with {@link SSLEngine} (the module's own, so the SPI's
 * connection stays plain bytes): the server's certificate is checked
 * against the context's trust store and its name against the URL's host (HTTPS endpoint
 * identification). Buffers stay in write mode between calls: {@code netIn} holds received
 * bytes not yet decrypted, {@code appIn} decrypted bytes not yet handed out.
 */
final class TlsTransport implements Transport {

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final Connection channel;
    private final SSLEngine engine;
    private final ByteBuffer netIn;
    private final ByteBuffer netOut;
    private final ByteBuffer appIn;

    private TlsTransport(Connection channel, SSLEngine engine) {
        this.channel = channel;
        this.engine = engine;
        this.netIn = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        this.netOut = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
    }

    /** Runs the client handshake on a connected channel. */
    static CompletableFuture<Transport> handshake(Connection channel, SSLContext context, AuthHttpUrl url) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        TlsTransport transport;
        try {
            SSLEngine engine = context.createSSLEngine(url.host(), url.port());
            engine.setUseClientMode(true);
            SSLParameters parameters = engine.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            if (!url.host().contains(":") && !url.host().matches("[0-9.]+")) {
                parameters.setServerNames(List.of(new SNIHostName(url.host())));
            }
            engine.setSSLParameters(parameters);
            transport = new TlsTransport(channel, engine);
            engine.beginHandshake();
        } catch (SSLException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        transport.handshakeStep(done);
        return done.thenApply(v -> transport);
    }

    private void handshakeStep(CompletableFuture<Void> done) {
        try {
            while (true) {
                switch (engine.getHandshakeStatus()) {
                    case NEED_TASK -> runTasks();
                    case NEED_WRAP -> {
                        wrapAndSend(EMPTY).whenComplete((v, e) -> then(done, e, () -> handshakeStep(done)));
                        return;
                    }
                    case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                        SSLEngineResult.Status status = unwrap();
                        if (status == SSLEngineResult.Status.CLOSED) {
                            throw new SSLException("the server closed TLS during the handshake");
                        }
                        if (status == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                            receive().whenComplete((n, e) -> then(done, e != null ? e
                                    : n < 0 ? new EOFException("connection closed during the TLS handshake") : null,
                                    () -> handshakeStep(done)));
                            return;
                        }
                    }
                    default -> {
                        done.complete(null);
                        return;
                    }
                }
            }
        } catch (SSLException | RuntimeException e) {
            done.completeExceptionally(e);
        }
    }

    @Override
    public CompletableFuture<Void> write(ByteBuffer src) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        writeStep(src, done);
        return done;
    }

    private void writeStep(ByteBuffer src, CompletableFuture<Void> done) {
        if (!src.hasRemaining()) {
            done.complete(null);
            return;
        }
        wrapAndSend(src).whenComplete((v, e) -> then(done, e, () -> writeStep(src, done)));
    }

    @Override
    public CompletableFuture<Integer> read(ByteBuffer dst) {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        readStep(dst, done);
        return done;
    }

    private void readStep(ByteBuffer dst, CompletableFuture<Integer> done) {
        try {
            if (appIn.position() > 0) {
                appIn.flip();
                int n = Math.min(appIn.remaining(), dst.remaining());
                dst.put(appIn.slice().limit(n));
                appIn.position(appIn.position() + n).compact();
                done.complete(n);
                return;
            }
            switch (engine.getHandshakeStatus()) {
                case NEED_TASK -> {
                    runTasks();
                    readStep(dst, done);
                    return;
                }
                case NEED_WRAP -> {
                    wrapAndSend(EMPTY).whenComplete((v, e) -> then(done, e, () -> readStep(dst, done)));
                    return;
                }
                default -> {
                }
            }
            SSLEngineResult.Status status = unwrap();
            if (status == SSLEngineResult.Status.CLOSED) {
                done.complete(-1);
            } else if (status == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                receive().whenComplete((n, e) -> {
                    if (e == null && n < 0) {
                        done.complete(-1);
                    } else {
                        then(done, e, () -> readStep(dst, done));
                    }
                });
            } else {
                readStep(dst, done);
            }
        } catch (SSLException | RuntimeException e) {
            done.completeExceptionally(e);
        }
    }

    private SSLEngineResult.Status unwrap() throws SSLException {
        netIn.flip();
        try {
            SSLEngineResult result = engine.unwrap(netIn, appIn);
            if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                // appIn is drained before each unwrap and sized for a whole record.
                throw new SSLException("TLS record larger than the application buffer");
            }
            return result.getStatus();
        } finally {
            netIn.compact();
        }
    }

    private CompletableFuture<Void> wrapAndSend(ByteBuffer src) {
        netOut.clear();
        try {
            SSLEngineResult result = engine.wrap(src, netOut);
            if (result.getStatus() != SSLEngineResult.Status.OK) {
                throw new SSLException("TLS wrap: " + result.getStatus());
            }
        } catch (SSLException e) {
            return CompletableFuture.failedFuture(e);
        }
        netOut.flip();
        return channel.write(netOut).toCompletableFuture();
    }

    private CompletableFuture<Integer> receive() {
        return channel.read(netIn).toCompletableFuture();
    }

    /**
     * Delegated tasks are short CPU work (certificate checks, once per connection, which the pool
     * keeps); they run on the event loop, as nginx runs OpenSSL's.
     */
    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    private static void then(CompletableFuture<?> done, Throwable error, Runnable next) {
        if (error != null) {
            done.completeExceptionally(error);
        } else {
            next.run();
        }
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() {
        channel.close();
    }
}
