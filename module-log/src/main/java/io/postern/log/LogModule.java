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

    private LogWriter writer;
    private LogWriter auditWriter;
    private MailMetrics metrics;
    private SessionTracker tracker;
    private Optional<HttpListen> metricsListen = Optional.empty();
    private MetricsServer metricsServer;
    private Optional<HttpListen> adminListen = Optional.empty();
    private String adminToken = "";
    private Optional<SessionControl> sessionControl = Optional.empty();
    private AdminServer adminServer;

    @Override
    public List<Directive> directives() {
        return List.of(Directive.of(AccessLogSettings.ACCESS_LOG, DirectiveType.STRING_LIST),
                Directive.of(AccessLogSettings.LOG_FORMAT, DirectiveType.OBJECT),
                Directive.of(AccessLogSettings.ACCESS_LOG_BUFFER, DirectiveType.INTEGER),
                Directive.of(HttpListen.DIRECTIVE, DirectiveType.STRING),
                Directive.of(METRICS_COMMANDS, DirectiveType.FLAG),
                Directive.of(AuditSettings.AUDIT_LOG, DirectiveType.STRING_LIST),
                Directive.of(AuditSettings.AUDIT_LOG_USERS, DirectiveType.STRING_LIST),
                Directive.of(AuditSettings.AUDIT_LOG_GROUPS, DirectiveType.STRING_LIST),
                Directive.of(AuditSettings.AUDIT_LOG_GROUP_ATTRIBUTE, DirectiveType.STRING),
                Directive.of(AuditSettings.AUDIT_LOG_BUFFER, DirectiveType.INTEGER),
                Directive.of(ADMIN_LISTEN, DirectiveType.STRING), Directive.of(ADMIN_TOKEN, DirectiveType.STRING));
    }

    @Override
    public void configure(ModuleContext context) {
        mailLevelOnly(context, AccessLogSettings.ACCESS_LOG_BUFFER);
        mailLevelOnly(context, HttpListen.DIRECTIVE);
        mailLevelOnly(context, AuditSettings.AUDIT_LOG_BUFFER);
        // Files Postern writes are relative to the prefix, as nginx's access_log and pid are.
        AccessLogSettings access = AccessLogSettings.read(context.mail(), context.servers(), context.prefix());
        AuditSettings audit = AuditSettings.read(context.mail(), context.servers(), context.prefix());
        refuseSharedFiles(access.paths(), audit.paths());
        metricsListen = HttpListen.parse(context.mail().string(HttpListen.DIRECTIVE));
        configureAdmin(context);
        Set<String> counted = countedServers(context, metricsListen.isPresent());
        List<SessionSink> sinks = new ArrayList<>();
        if (access.enabled()) {
            writer = new LogWriter(AccessLogSettings.ACCESS_LOG, AccessLog.UNIT, access.paths(),
                    access.bufferEntries(), LineSink::appendingTo, DROP_WARNING_INTERVAL);
            sinks.add(new AccessLog(access, writer));
        }
        if (audit.enabled()) {
            auditWriter = new LogWriter(AuditSettings.AUDIT_LOG, AuditSettings.UNIT, audit.paths(),
                    audit.bufferEntries(), LineSink::appendingTo, DROP_WARNING_INTERVAL);
        }
        if (metricsListen.isPresent()) {
            LogWriter drops = writer;
            LogWriter auditDrops = auditWriter;
            metrics = new MailMetrics(() -> drops == null ? 0 : drops.dropped(),
                    () -> auditDrops == null ? 0 : auditDrops.dropped(), context.bufferPoolUsage());
            context.sharedStore().ifPresent(metrics::sharedStore);
            sinks.add(metrics);
        }
        CommandTally tally = null;
        if (!sinks.isEmpty()) {
            tally = new CommandTally();
            tracker = new SessionTracker(sinks, tally);
            context.addSessionListener("log", tracker);
        }
        if (audit.enabled() || !counted.isEmpty()) {
            addFilters(context, new AuditFilters(audit, Optional.ofNullable(auditWriter).map(AuditLog::new), counted,
                    metrics == null ? (server, protocol) -> CommandCounter.NONE : metrics::commands,
                    Optional.ofNullable(tally), Clock.systemDefaultZone()));
        }
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
                throw new IllegalArgumentException(METRICS_COMMANDS + ": on in server \"" + server.name() + "\" ("
                        + server.origin(METRICS_COMMANDS) + ") (expected: off unless metrics_listen is set, since "
                        + "the counts are only served there)");
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
        if (auditWriter != null) {
            auditWriter.start();
        }
        if (metricsListen.isPresent()) {
            metricsServer = MetricsServer.start(metricsListen.get().socketAddress(), metrics.registry(),
                    tracker::liveSessions);
        }
        if (adminListen.isPresent() && !adminToken.isEmpty() && sessionControl.isPresent()) {
            adminServer = AdminServer.start(adminListen.get().socketAddress(), adminToken, sessionControl.get());
        }
    }

    /** {@code admin_listen} and {@code admin_token}, at mail level: the endpoint runs only with a token. */
    private void configureAdmin(ModuleContext context) {
        mailLevelOnly(context, ADMIN_LISTEN);
        mailLevelOnly(context, ADMIN_TOKEN);
        adminListen = HttpListen.parse(ADMIN_LISTEN, context.mail().string(ADMIN_LISTEN));
        adminToken = context.mail().string(ADMIN_TOKEN);
        if (!adminToken.isEmpty() && adminToken.length() < MIN_ADMIN_TOKEN) {
            // The token itself is never repeated, not even a short one.
            throw new IllegalArgumentException(context.mail().origin(ADMIN_TOKEN) + ": " + ADMIN_TOKEN
                    + ": too short (expected: a random string of at least " + MIN_ADMIN_TOKEN + " characters)");
        }
        sessionControl = context.sessionControl();
    }

    /** Reopens the access-log and audit-log files, each in order with the lines already queued. */
    @Override
    public void reopen() throws Exception {
        Exception failure = null;
        for (LogWriter w : new LogWriter[] {writer, auditWriter}) {
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
        if (adminServer != null) {
            adminServer.close();
        }
        if (metricsServer != null) {
            metricsServer.close();
        }
        if (writer != null) {
            writer.close();
        }
        if (auditWriter != null) {
            auditWriter.close();
        }
    }

    /** Where the admin operations are served, once started with {@code admin_token} set. */
    public Optional<InetSocketAddress> adminAddress() {
        return Optional.ofNullable(adminServer).map(AdminServer::address);
    }

    /** Where {@code /metrics} and {@code /status} are served, once started with {@code metrics_listen} set. */
    public Optional<InetSocketAddress> metricsAddress() {
        return Optional.ofNullable(metricsServer).map(MetricsServer::address);
    }
}
