package io.postern.log;

import io.postern.log.access.AccessLog;
import io.postern.log.access.AccessLogSettings;
import io.postern.log.audit.AuditFilters;
import io.postern.log.audit.AuditLog;
import io.postern.log.audit.AuditSettings;
import io.postern.log.audit.CommandCounter;
import io.postern.log.metrics.HttpListen;
import io.postern.log.metrics.MailMetrics;
import io.postern.log.metrics.MetricsServer;
import io.postern.log.session.CommandTally;
import io.postern.log.session.LiveSession;
import io.postern.log.session.SessionSink;
import io.postern.log.session.SessionTracker;
import io.postern.log.writer.LineSink;
import io.postern.log.writer.LogWriter;
import io.postern.spi.Directive;
import io.postern.spi.DirectiveType;
import io.postern.log.admin.AdminServer;
import io.postern.spi.ModuleContext;
import io.postern.spi.SessionControl;
import io.postern.spi.PosternModule;
import io.postern.spi.Protocol;
import io.postern.spi.Reconfiguration;
import io.postern.spi.ServerConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * module-log: the mail access log ({@code access_log}, {@code log_format}), Prometheus
 * metrics and the live-session status page ({@code metrics_listen}), all fed by one session
 * listener named {@code log}; and the command audit log ({@code audit_log}) and command counts
 * ({@code metrics_commands}), fed by POST-LOGIN filters named {@code audit} that only observe.
 * With the defaults (everything {@code off}) the module registers nothing and starts nothing,
 * so loading it changes nothing until asked: in particular every session keeps the raw relay.
 */
public final class LogModule implements PosternModule {

    /** At most one WARN about dropped log lines per interval. */
    static final Duration DROP_WARNING_INTERVAL = Duration.ofMinutes(1);
    /** {@code on} counts the post-login commands of a server's sessions by verb (needs the filter). */
    static final String METRICS_COMMANDS = "metrics_commands";
    /** The filters' name in the {@code imap_filter}, {@code pop3_filter} and {@code smtp_filter} phases. */
    static final String FILTER = "audit";
    /** Where the admin operations listen: loopback by default, and only with a token. */
    static final String ADMIN_LISTEN = "admin_listen";
    /** The bearer token of the admin operations; empty (the default): no admin endpoint. */
    static final String ADMIN_TOKEN = "admin_token";
    /** A shorter token could be guessed. */
    static final int MIN_ADMIN_TOKEN = 16;

    /** The sessions open now, whichever configuration they started under (the status page). */
    private final ConcurrentHashMap<String, LiveSession> live = new ConcurrentHashMap<>();
    /** The writers, metrics and endpoint of the running configuration. */
    private volatile LogParts running = LogParts.NONE;

    @Override
    public List<Directive> directives() {
        return List.of(Directive.of(AccessLogSettings.ACCESS_LOG, DirectiveType.STRING_LIST),
                Directive.of(AccessLogSettings.LOG_FORMAT, DirectiveType.OBJECT),
                Directive.of(AccessLogSettings.ACCESS_LOG_BUFFER, DirectiveType.INTEGER).mailBlockOnly(),
                Directive.of(HttpListen.DIRECTIVE, DirectiveType.STRING).mailBlockOnly(),
                Directive.of(METRICS_COMMANDS, DirectiveType.FLAG),
                Directive.of(AuditSettings.AUDIT_LOG, DirectiveType.STRING_LIST),
                Directive.of(AuditSettings.AUDIT_LOG_USERS, DirectiveType.STRING_LIST),
                Directive.of(AuditSettings.AUDIT_LOG_GROUPS, DirectiveType.STRING_LIST),
                Directive.of(AuditSettings.AUDIT_LOG_GROUP_ATTRIBUTE, DirectiveType.STRING),
                Directive.of(AuditSettings.AUDIT_LOG_BUFFER, DirectiveType.INTEGER).mailBlockOnly(),
                Directive.of(ADMIN_LISTEN, DirectiveType.STRING).mailBlockOnly(),
                Directive.of(ADMIN_TOKEN, DirectiveType.STRING).mailBlockOnly());
    }

    @Override
    public void configure(ModuleContext context) {
        running = register(context, LogParts.NONE);
    }

    /**
     * Registers the new configuration's listener and filters. What stays the same is kept, so
     * nothing is lost across a reload: an access or audit log whose files and buffer are
     * unchanged keeps its writer (a changed {@code log_format} applies to the new sessions'
     * lines), the metrics keep their counts while {@code metrics_listen} stays set, and the
     * endpoint keeps its socket while its address stays the same. What is new is started here,
     * so that a file that cannot be opened or a port that cannot be bound refuses the reload.
     * Writers the new configuration dropped are closed once the sessions that write to them
     * have ended; an endpoint it moved or dropped is closed at the commit.
     */
    @Override
    public Optional<Reconfiguration> reconfigure(ModuleContext context) throws Exception {
        LogParts before = running;
        LogParts next = register(context, before);
        LogParts started = next.startNew(before, live::values);
        return Optional.of(new Reconfiguration() {
            @Override
            public void commit() {
                running = started;
                before.closeEndpointUnlessKeptBy(started);
            }

            @Override
            public void abandon() {
                started.closeWhatIsNotIn(before);
            }

            @Override
            public void retired() {
                before.closeWritersUnlessKeptBy(started);
            }
        });
    }

    /** Reads the directives, registers the listener and the filters; reuses {@code reuse}'s parts where unchanged. */
    private LogParts register(ModuleContext context, LogParts reuse) {
        // Files Postern writes are relative to the prefix, as nginx's access_log and pid are.
        AccessLogSettings access = AccessLogSettings.read(context.mail(), context.servers(), context.prefix());
        AuditSettings audit = AuditSettings.read(context.mail(), context.servers(), context.prefix());
        refuseSharedFiles(access.paths(), audit.paths());
        Optional<HttpListen> metricsListen = HttpListen.parse(context.mail().string(HttpListen.DIRECTIVE));
        Optional<AdminEndpoint> admin = admin(context);
        Set<String> counted = countedServers(context, metricsListen.isPresent());
        LogWriter writer = !access.enabled() ? null : reuse.writerFor(reuse.writer(), access.paths(),
                access.bufferEntries(), () -> new LogWriter(AccessLogSettings.ACCESS_LOG, AccessLog.UNIT,
                        access.paths(), access.bufferEntries(), LineSink::appendingTo, DROP_WARNING_INTERVAL));
        LogWriter auditWriter = !audit.enabled() ? null : reuse.writerFor(reuse.auditWriter(), audit.paths(),
                audit.bufferEntries(), () -> new LogWriter(AuditSettings.AUDIT_LOG, AuditSettings.UNIT,
                        audit.paths(), audit.bufferEntries(), LineSink::appendingTo, DROP_WARNING_INTERVAL));
        List<SessionSink> sinks = new ArrayList<>();
        if (writer != null) {
            sinks.add(new AccessLog(access, writer));
        }
        MailMetrics metrics = null;
        if (metricsListen.isPresent()) {
            // The drop counts are read at each scrape from whichever writers run then.
            if (reuse.metrics() != null) {
                metrics = reuse.metrics();
            } else {
                metrics = new MailMetrics(() -> dropped(running.writer()), () -> dropped(running.auditWriter()),
                        context.bufferPoolUsage(), context.moduleTimes());
                context.sharedStore().ifPresent(metrics::sharedStore);
            }
            sinks.add(metrics);
        }
        CommandTally tally = null;
        if (!sinks.isEmpty()) {
            tally = new CommandTally();
            context.addSessionListener("log", new SessionTracker(sinks, tally, live));
        }
        if (audit.enabled() || !counted.isEmpty()) {
            MailMetrics counting = metrics;
            addFilters(context, new AuditFilters(audit, Optional.ofNullable(auditWriter).map(AuditLog::new), counted,
                    counting == null ? (server, protocol) -> CommandCounter.NONE : counting::commands,
                    Optional.ofNullable(tally), Clock.systemDefaultZone()));
        }
        MetricsServer endpoint = metricsListen.isPresent() && metricsListen.equals(reuse.metricsListen())
                ? reuse.metricsServer() : null;
        AdminServer adminServer = admin.isPresent() && admin.equals(reuse.admin()) ? reuse.adminServer() : null;
        return new LogParts(writer, auditWriter, metrics, metricsListen, endpoint, admin, adminServer);
    }

    private static long dropped(LogWriter writer) {
        return writer == null ? 0 : writer.dropped();
    }

    /**
     * The filters, for the protocols that have a server using them: a protocol without any keeps
     * the raw relay for all its sessions. Named {@code audit} in the {@code imap_filter},
     * {@code pop3_filter} and {@code smtp_filter} phases.
     */
    private static void addFilters(ModuleContext context, AuditFilters filters) {
        if (filters.wanted(Protocol.IMAP, context.servers())) {
            context.addImapFilter(FILTER, filters.imap());
        }
        if (filters.wanted(Protocol.POP3, context.servers())) {
            context.addPop3Filter(FILTER, filters.pop3());
        }
        if (filters.wanted(Protocol.SMTP, context.servers())) {
            context.addSmtpFilter(FILTER, filters.smtp());
        }
    }

    /** The servers with {@code metrics_commands = on}, which only makes sense with the endpoint. */
    private static Set<String> countedServers(ModuleContext context, boolean metricsServed) {
        Set<String> counted = new LinkedHashSet<>();
        for (ServerConfig server : context.servers()) {
            if (!server.flag(METRICS_COMMANDS)) {
                continue;
            }
            if (!metricsServed) {
                throw server.invalid(METRICS_COMMANDS, "on in server \"" + server.name() + "\" (expected: off unless "
                        + "metrics_listen is set, since the counts are only served there)");
            }
            counted.add(server.name());
        }
        return counted;
    }

    /** Two writer threads appending to one file would interleave their buffers. */
    private static void refuseSharedFiles(Set<Path> accessPaths, Set<Path> auditPaths) {
        for (Path path : auditPaths) {
            if (accessPaths.contains(path)) {
                throw new IllegalArgumentException(AuditSettings.AUDIT_LOG + ": " + path + " is also an access_log "
                        + "file (expected: a file of its own)");
            }
        }
    }

    @Override
    public void start() throws Exception {
        running = running.startNew(LogParts.NONE, live::values);
    }

    /**
     * {@code admin_listen} and {@code admin_token}, at mail level: the endpoint runs only with a
     * token, and only where the core offers session control.
     */
    private static Optional<AdminEndpoint> admin(ModuleContext context) {
        Optional<HttpListen> listen = HttpListen.parse(ADMIN_LISTEN, context.mail().string(ADMIN_LISTEN));
        String token = context.mail().string(ADMIN_TOKEN);
        if (!token.isEmpty() && token.length() < MIN_ADMIN_TOKEN) {
            // The token itself is never repeated, not even a short one.
            throw new IllegalArgumentException(context.mail().origin(ADMIN_TOKEN) + ": " + ADMIN_TOKEN
                    + ": too short (expected: a random string of at least " + MIN_ADMIN_TOKEN + " characters)");
        }
        if (listen.isEmpty() || token.isEmpty() || context.sessionControl().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new AdminEndpoint(listen.get(), token, context.sessionControl().get()));
    }

    /** Reopens the access-log and audit-log files, each in order with the lines already queued. */
    @Override
    public void reopen() throws Exception {
        LogParts parts = running;
        Exception failure = null;
        for (LogWriter w : new LogWriter[] {parts.writer(), parts.auditWriter()}) {
            if (w == null) {
                continue;
            }
            try {
                w.reopen();
            } catch (Exception e) {
                // One log that cannot be reopened does not keep the other on its old file.
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void close() {
        running.closeWhatIsNotIn(LogParts.NONE);
    }

    /** Where the admin operations are served, once started with {@code admin_token} set. */
    public Optional<InetSocketAddress> adminAddress() {
        return Optional.ofNullable(running.adminServer()).map(AdminServer::address);
    }

    /** Where {@code /metrics} and {@code /status} are served, once started with {@code metrics_listen} set. */
    public Optional<InetSocketAddress> metricsAddress() {
        return Optional.ofNullable(running.metricsServer()).map(MetricsServer::address);
    }
}
