package io.postern.log.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.postern.log.session.LiveSession;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code metrics_listen} HTTP endpoint: {@code /metrics} in Prometheus' text format (or
 * OpenMetrics when the scraper asks for it) and {@code /status} with the live sessions. It is
 * the JDK's {@code com.sun.net.httpserver} (module {@code jdk.httpserver}, reachable through
 * the platform class loader that is a module's parent) served by one thread of its own, so a
 * scrape never runs on an event loop.
 */
public final class MetricsServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);

    private final HttpServer server;
    private final ExecutorService executor;
    private final PrometheusRegistry registry;
    private final ExpositionFormats formats = ExpositionFormats.init();
    private final Supplier<Collection<LiveSession>> sessions;

    private MetricsServer(HttpServer server, ExecutorService executor, PrometheusRegistry registry,
                          Supplier<Collection<LiveSession>> sessions) {
        this.server = server;
        this.executor = executor;
        this.registry = registry;
        this.sessions = sessions;
    }

    /** Binds {@code address} and starts serving. */
    public static MetricsServer start(InetSocketAddress address, PrometheusRegistry registry,
                                      Supplier<Collection<LiveSession>> sessions) throws IOException {
        HttpServer http = HttpServer.create(address, 16);
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "postern-metrics-http");
            t.setDaemon(true);
            return t;
        });
        MetricsServer metrics = new MetricsServer(http, executor, registry, sessions);
        http.createContext("/", metrics::handle);
        http.setExecutor(executor);
        http.start();
        LOG.info("metrics on http://{}/metrics, live sessions on /status", formatted(metrics.address()));
        return metrics;
    }

    /** The address bound (with the real port when 0 was asked for). */
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
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", bytes("method not allowed\n"));
                return;
            }
            switch (exchange.getRequestURI().getPath()) {
                case "/metrics" -> metrics(exchange);
                case "/status" -> status(exchange);
                case "/" -> send(exchange, 200, "text/plain; charset=utf-8", bytes("/metrics /status\n"));
                default -> send(exchange, 404, "text/plain; charset=utf-8", bytes("not found\n"));
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("metrics endpoint: {}", e.toString());
        }
    }

    private void metrics(HttpExchange exchange) throws IOException {
        ExpositionFormatWriter writer = formats.findWriter(exchange.getRequestHeaders().getFirst("Accept"));
        ByteArrayOutputStream body = new ByteArrayOutputStream(16_384);
        writer.write(body, registry.scrape());
        send(exchange, 200, writer.getContentType(), body.toByteArray());
    }

    private void status(HttpExchange exchange) throws IOException {
        Collection<LiveSession> live = sessions.get();
        Instant now = Instant.now();
        if (wantsJson(exchange)) {
            send(exchange, 200, "application/json", bytes(StatusPage.json(live, now)));
        } else {
            send(exchange, 200, "text/html; charset=utf-8", bytes(StatusPage.html(live, now)));
        }
    }

    private static boolean wantsJson(HttpExchange exchange) {
        String query = exchange.getRequestURI().getRawQuery();
        if (query != null && List.of(query.split("&")).contains("format=json")) {
            return true;
        }
        String accept = exchange.getRequestHeaders().getFirst("Accept");
        return accept != null && accept.contains("application/json");
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String formatted(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
