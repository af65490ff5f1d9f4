package io.postern.log.metrics;

import io.postern.log.audit.CommandCounter;
import io.postern.log.audit.Verbs;
import io.postern.log.session.AuthStatus;
import io.postern.log.session.ClosedSession;
import io.postern.log.session.LiveSession;
import io.postern.log.session.SessionSink;
import io.postern.spi.BufferPoolUsage;
import io.postern.spi.ModuleTime;
import io.postern.spi.Protocol;
import io.postern.spi.Refusal;
import io.postern.spi.SessionSummary;
import io.postern.spi.SharedStore;
import io.postern.spi.UpstreamAddress;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Postern's Prometheus metrics, fed by session events and, for sessions with
 * {@code metrics_commands}, by the post-login filters' command counters. Labels take bounded
 * values only: server names and protocols come from the config, results and reasons from
 * closed sets, verbs from {@link Verbs}' fixed lists (everything else is {@code other}), and
 * upstream addresses are capped by {@link LabelCap}. Each module instance has a registry of its
 * own (never the library's global one), so a reload or a test starts from zero.
 */
public final class MailMetrics implements SessionSink {

    /** Distinct upstream label values before the rest are counted as {@code other}. */
    static final int UPSTREAM_LABELS = 100;

    private static final double[] CONNECT_BUCKETS =
            {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final LabelCap upstreams = new LabelCap(UPSTREAM_LABELS);
    private final Gauge active;
    private final Counter sessions;
    private final Counter logins;
    private final Histogram upstreamConnect;
    private final Histogram authLatency;
    private final Counter upstreamErrors;
    private final Counter tlsHandshakes;
    private final Counter closed;
    private final Counter bytesReceived;
    private final Counter bytesSent;
    private final Counter commands;
    private final Counter refused;

    /**
     * @param accessLogDrops sessions whose access-log lines were dropped, for {@code postern_access_log_dropped_total}
     * @param auditLogDrops audit lines dropped, for {@code postern_audit_log_dropped_total}
     * @param bufferPool the core's network buffer pool, for {@code postern_buffer_pool_bytes}
     */
    public MailMetrics(LongSupplier accessLogDrops, LongSupplier auditLogDrops, Supplier<BufferPoolUsage> bufferPool) {
        this(accessLogDrops, auditLogDrops, bufferPool, List::of);
    }

    /**
     * @param accessLogDrops sessions whose access-log lines were dropped, for {@code postern_access_log_dropped_total}
     * @param auditLogDrops audit lines dropped, for {@code postern_audit_log_dropped_total}
     * @param bufferPool the core's network buffer pool, for {@code postern_buffer_pool_bytes}
     * @param moduleTimes each module's time on the event loops, for {@code postern_module_call_seconds_total}
     */
    public MailMetrics(LongSupplier accessLogDrops, LongSupplier auditLogDrops, Supplier<BufferPoolUsage> bufferPool,
                       Supplier<List<ModuleTime>> moduleTimes) {
        active = Gauge.builder().name("postern_sessions_active").help("Client sessions open now")
                .labelNames("server", "protocol").withoutExemplars().register(registry);
        sessions = counter("postern_sessions_total", "Client sessions accepted", "server", "protocol");
        logins = counter("postern_logins_total", "Login attempts decided by the AUTH phase, by result "
                + "(accepted, rejected, failed: no decision could be made)", "server", "protocol", "result");
        upstreamConnect = Histogram.builder().name("postern_upstream_connect_seconds")
                .help("Time to establish the upstream connection; its _count is the connections made, by upstream")
                .labelNames("upstream").classicOnly().classicUpperBounds(CONNECT_BUCKETS).withoutExemplars()
                .register(registry);
        authLatency = Histogram.builder().name("postern_auth_seconds")
                .help("Time the AUTH phase took to decide a login attempt (every authenticator asked; a rejection's "
                        + "wait not included)")
                .labelNames("server", "protocol").classicOnly().classicUpperBounds(CONNECT_BUCKETS).withoutExemplars()
                .register(registry);
        upstreamErrors = counter("postern_upstream_connect_errors_total",
                "Upstream connections that failed (refused, timed out, not resolved), by upstream", "upstream");
        tlsHandshakes = counter("postern_tls_handshakes_total",
                "Client TLS handshakes (implicit TLS and STARTTLS), by result: the protocol version, or failed",
                "server", "protocol", "result");
        closed = counter("postern_sessions_closed_total", "Client sessions ended, by reason",
                "server", "protocol", "reason");
        refused = counter("postern_refused_total", "Clients refused by the core before they were served, by the "
                + "directive that refused them (access, limit_conn_per_ip, limit_conn_rate, limit_conn_per_user, "
                + "limit_conn_per_userip, limit_conn_total)", "server", "protocol", "directive");
        bytesReceived = counter("postern_bytes_received_total", "Bytes read from clients, login dialogue included",
                "server", "protocol");
        bytesSent = counter("postern_bytes_sent_total", "Bytes written to clients", "server", "protocol");
        CounterWithCallback.builder().name("postern_access_log_dropped_total")
                .help("Sessions whose access-log lines were dropped because the writer's queue was full")
                .callback(callback -> callback.call(accessLogDrops.getAsLong())).register(registry);
        CounterWithCallback.builder().name("postern_audit_log_dropped_total")
                .help("Audit lines dropped because the audit log writer's queue was full")
                .callback(callback -> callback.call(auditLogDrops.getAsLong())).register(registry);
        commands = counter("postern_commands_total", "Post-login commands by verb (other: any verb not in the "
                + "protocol's list), counted only on servers with metrics_commands = on", "server", "protocol", "verb");
        GaugeWithCallback.builder().name("postern_buffer_pool_bytes")
                .help("Memory held by the core's network buffer pool (Netty's allocator), direct and heap")
                .labelNames("area").callback(callback -> {
                    BufferPoolUsage usage = bufferPool.get();
                    callback.call(usage.directBytes(), "direct");
                    callback.call(usage.heapBytes(), "heap");
                }).register(registry);
        // Time in module code on the event loops is time no other session there is served: the
        // first place to look when every session is slow (docs/metrics.md).
        CounterWithCallback.builder().name("postern_module_call_seconds_total")
                .help("Time each module's code (authenticators, selectors, listeners, filters) took on the event loops")
                .labelNames("module").callback(callback -> moduleTimes.get()
                        .forEach(t -> callback.call(t.nanos() / 1e9, t.module()))).register(registry);
        CounterWithCallback.builder().name("postern_module_calls_total")
                .help("Calls into each module's code on the event loops")
                .labelNames("module").callback(callback -> moduleTimes.get()
                        .forEach(t -> callback.call(t.calls(), t.module()))).register(registry);
        JvmMetrics.builder().register(registry);
    }

    /**
     * The state shared through {@code mail.redis}: {@code postern_redis_up} and
     * {@code postern_redis_fallback_total{feature}}, read from the store at each scrape.
     */
    public void sharedStore(SharedStore store) {
        GaugeWithCallback.builder().name("postern_redis_up")
                .help("1 while this instance's connection to the shared Redis (mail.redis) is up, else 0")
                .callback(callback -> callback.call(store.connected() ? 1 : 0)).register(registry);
        CounterWithCallback.builder().name("postern_redis_fallback_total")
                .help("Calls a feature answered from this instance's own state because Redis was down or slower "
                        + "than mail.redis.timeout, by feature")
                .labelNames("feature")
                .callback(callback -> store.fallbacks().forEach((feature, n) -> callback.call(n, feature)))
                .register(registry);
    }

    private Counter counter(String name, String help, String... labels) {
        return Counter.builder().name(name).help(help).labelNames(labels).withoutExemplars().register(registry);
    }

    /** The registry the HTTP endpoint scrapes. */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** The command counter of {@code server}'s sessions: verbs outside the protocol's list count as {@code other}. */
    public CommandCounter commands(String server, Protocol protocol) {
        String name = protocol.configName();
        return verb -> commands.labelValues(server, name, Verbs.label(protocol, verb)).inc();
    }

    @Override
    public void opened(LiveSession session) {
        String protocol = session.protocol().configName();
        active.labelValues(session.server(), protocol).inc();
        sessions.labelValues(session.server(), protocol).inc();
    }

    @Override
    public void authDecided(LiveSession session, AuthStatus status, Duration elapsed) {
        String result = switch (status) {
            case OK -> "accepted";
            case FAILED -> "rejected";
            case ERROR -> "failed";
            case NONE -> null;
        };
        if (result != null) {
            logins.labelValues(session.server(), session.protocol().configName(), result).inc();
            authLatency.labelValues(session.server(), session.protocol().configName()).observe(elapsed.toNanos() / 1e9);
        }
    }

    @Override
    public void upstreamFailed(LiveSession session, UpstreamAddress upstream) {
        upstreamErrors.labelValues(upstreams.label(upstream.toString())).inc();
    }

    @Override
    public void tlsHandshake(LiveSession session, Optional<String> tlsProtocol) {
        // The protocol names come from the JDK's closed set (TLSv1.2, TLSv1.3), so the label stays bounded.
        tlsHandshakes.labelValues(session.server(), session.protocol().configName(), tlsProtocol.orElse("failed"))
                .inc();
    }

    @Override
    public void refused(LiveSession session, Refusal refusal) {
        refused.labelValues(session.server(), session.protocol().configName(), refusal.directive()).inc();
    }

    @Override
    public void upstreamConnected(LiveSession session, UpstreamAddress upstream, Duration connectTime) {
        upstreamConnect.labelValues(upstreams.label(upstream.toString())).observe(connectTime.toNanos() / 1e9);
    }

    @Override
    public void closed(ClosedSession session) {
        String server = session.session().server();
        String protocol = session.session().protocol().configName();
        SessionSummary summary = session.summary();
        active.labelValues(server, protocol).dec();
        closed.labelValues(server, protocol, summary.reason().name().toLowerCase(Locale.ROOT)).inc();
        bytesReceived.labelValues(server, protocol).inc(summary.bytesFromClient());
        bytesSent.labelValues(server, protocol).inc(summary.bytesToClient());
    }
}
