package io.postern.log.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.postern.spi.SessionControl;
import io.postern.spi.WireText;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code admin_listen} HTTP endpoint: operations that change sessions, each behind the bearer
 * token of {@code admin_token}. {@code POST /admin/kick?user=LOGIN} closes every session of the
 * login on every instance ({@link SessionControl#kick}). A request without the right token gets
 * {@code 403} and a warning in the log (never the token it sent). The token is compared in
 * constant time: both sides are hashed first, so neither the length nor a prefix shows in the
 * time taken. The JDK's HTTP server, with one thread of its own, so nothing runs on an event loop.
 */
public final class AdminServer implements AutoCloseable {

    /** The longest a kick may take to be handed to every instance before the answer is an error. */
    static final Duration KICK_TIMEOUT = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);

    private final HttpServer server;
    private final ExecutorService executor;
    private final byte[] token;
    private final SessionControl control;

    private AdminServer(HttpServer server, ExecutorService executor, byte[] token, SessionControl control) {
        this.server = server;
        this.executor = executor;
        this.token = token;
        this.control = control;
    }

    /** Binds {@code address} and starts serving. */
    public static AdminServer start(InetSocketAddress address, String token, SessionControl control) throws IOException {
        HttpServer http = HttpServer.create(address, 16);
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "postern-admin-http");
            t.setDaemon(true);
            return t;
        });
        AdminServer admin = new AdminServer(http, executor, sha256(token.getBytes(StandardCharsets.UTF_8)), control);
        http.createContext("/", admin::handle);
        http.setExecutor(executor);
        http.start();
        LOG.info("admin operations on http://{}:{}/admin/", admin.address().getAddress().getHostAddress(),
                admin.address().getPort());
        return admin;
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String client = exchange.getRemoteAddress().getAddress().getHostAddress();
            if (!authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
                LOG.warn("admin: refused {} {} from {}: missing or wrong bearer token", exchange.getRequestMethod(),
                        WireText.escape(path), client);
                send(exchange, 403, "forbidden\n");
                return;
            }
            if (!path.equals("/admin/kick")) {
                send(exchange, 404, "not found (POST /admin/kick?user=LOGIN)\n");
                return;
            }
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.getResponseHeaders().set("Allow", "POST");
                send(exchange, 405, "method not allowed\n");
                return;
            }
            Optional<String> user = parameter(exchange.getRequestURI().getRawQuery(), "user");
            if (user.isEmpty() || user.get().isBlank()) {
                send(exchange, 400, "missing user (POST /admin/kick?user=LOGIN)\n");
                return;
            }
            kick(exchange, user.get(), client);
        } catch (IOException | RuntimeException e) {
            LOG.debug("admin endpoint: {}", e.toString());
        }
    }

    private void kick(HttpExchange exchange, String user, String client) throws IOException {
        LOG.info("admin: kick of \"{}\" asked from {}", WireText.escape(user), client);
        try {
            long instances = control.kick(user).toCompletableFuture().get(KICK_TIMEOUT.toMillis(),
                    TimeUnit.MILLISECONDS);
            send(exchange, 200, "kicked \"" + WireText.escape(user) + "\" on " + instances + " instance(s)\n");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            send(exchange, 503, "interrupted\n");
        } catch (Exception e) {
            LOG.warn("admin: kick of \"{}\" failed: {}", WireText.escape(user), e.toString());
            send(exchange, 503, "kick failed: " + e.getClass().getSimpleName() + "\n");
        }
    }

    /** Whether {@code header} is {@code Bearer <the token>}, compared in constant time. */
    private boolean authorized(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = sha256(header.substring(7).strip().getBytes(StandardCharsets.UTF_8));
        return MessageDigest.isEqual(given, token);
    }

    private static Optional<String> parameter(String rawQuery, String name) {
        if (rawQuery == null) {
            return Optional.empty();
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return Optional.of(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
