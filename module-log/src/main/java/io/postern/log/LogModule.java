package io.postern.log;

import io.postern.log.access.AccessLog;
import io.postern.log.access.AccessLogSettings;
import io.postern.log.access.AccessLogWriter;
import io.postern.log.access.LineSink;
import io.postern.log.metrics.HttpListen;
import io.postern.log.metrics.MailMetrics;
import io.postern.log.metrics.MetricsServer;
import io.postern.log.session.SessionSink;
import io.postern.log.session.SessionTracker;
import io.postern.spi.Directive;
import io.postern.spi.DirectiveType;
import io.postern.spi.ModuleContext;
import io.postern.spi.PosternModule;
import io.postern.spi.ServerConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * module-log: the mail access log ({@code access_log}, {@code log_format}), Prometheus
 * metrics and the live-session status page ({@code metrics_listen}), all fed by one session
 * listener named {@code log}. With the defaults (everything {@code off}) the module registers
 * nothing and starts nothing, so loading it changes nothing until asked.
 */
public final class LogModule implements PosternModule {

    /** At most one WARN about dropped access-log lines per interval. */
    static final Duration DROP_WARNING_INTERVAL = Duration.ofMinutes(1);

    private AccessLogWriter writer;
    private MailMetrics metrics;
    private SessionTracker tracker;
    private Optional<HttpListen> metricsListen = Optional.empty();
    private MetricsServer metricsServer;

    @Override
    public List<Directive> directives() {
        return List.of(Directive.of(AccessLogSettings.ACCESS_LOG, DirectiveType.STRING_LIST),
                Directive.of(AccessLogSettings.LOG_FORMAT, DirectiveType.OBJECT),
                Directive.of(AccessLogSettings.ACCESS_LOG_BUFFER, DirectiveType.INTEGER),
                Directive.of(HttpListen.DIRECTIVE, DirectiveType.STRING));
    }

    @Override
    public void configure(ModuleContext context) {
        mailLevelOnly(context, AccessLogSettings.ACCESS_LOG_BUFFER);
        mailLevelOnly(context, HttpListen.DIRECTIVE);
        // Files Postern writes are relative to the prefix, as nginx's access_log and pid are.
        AccessLogSettings access = AccessLogSettings.read(context.mail(), context.servers(), context.prefix());
        metricsListen = HttpListen.parse(context.mail().string(HttpListen.DIRECTIVE));
        List<SessionSink> sinks = new ArrayList<>();
        if (access.enabled()) {
            writer = new AccessLogWriter(access.paths(), access.bufferEntries(), LineSink::appendingTo,
                    DROP_WARNING_INTERVAL);
            sinks.add(new AccessLog(access, writer));
        }
        if (metricsListen.isPresent()) {
            AccessLogWriter drops = writer;
            metrics = new MailMetrics(() -> drops == null ? 0 : drops.dropped(), context.bufferPoolUsage());
            sinks.add(metrics);
        }
        if (!sinks.isEmpty()) {
            tracker = new SessionTracker(sinks);
            context.addSessionListener("log", tracker);
        }
    }

    /**
     * One writer thread and one HTTP server serve every server block, so these directives
     * belong in the mail block; a server that sets its own value would be silently ignored.
     */
    private static void mailLevelOnly(ModuleContext context, String directive) {
        String mailOrigin = context.mail().origin(directive);
        for (ServerConfig server : context.servers()) {
            if (!server.origin(directive).equals(mailOrigin)) {
                throw new IllegalArgumentException(directive + ": set in server \"" + server.name() + "\" ("
                        + server.origin(directive) + ") (expected: in the mail block only, since it applies to "
                        + "the whole module)");
            }
        }
    }

    @Override
    public void start() throws Exception {
        if (writer != null) {
            writer.start();
        }
        if (metricsListen.isPresent()) {
            metricsServer = MetricsServer.start(metricsListen.get().socketAddress(), metrics.registry(),
                    tracker::liveSessions);
        }
    }

    /** Reopens the access-log files, in order with the lines already queued. */
    @Override
    public void reopen() throws Exception {
        if (writer != null) {
            writer.reopen();
        }
    }

    @Override
    public void close() {
        if (metricsServer != null) {
            metricsServer.close();
        }
        if (writer != null) {
            writer.close();
        }
    }

    /** Where {@code /metrics} and {@code /status} are served, once started with {@code metrics_listen} set. */
    public Optional<InetSocketAddress> metricsAddress() {
        return Optional.ofNullable(metricsServer).map(MetricsServer::address);
    }
}
