package io.postern.log.audit;

import io.postern.log.session.CommandTally;
import io.postern.spi.Protocol;
import io.postern.spi.ServerConfig;
import io.postern.spi.SessionInfo;
import io.postern.spi.filter.FilterFactory;
import io.postern.spi.imap.ImapFilter;
import io.postern.spi.pop3.Pop3Filter;
import io.postern.spi.smtp.SmtpFilter;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * module-log's POST-LOGIN filters, one factory per protocol. A session gets a filter when its
 * server audits it ({@link AuditPolicy#audits}) or counts commands ({@code metrics_commands});
 * every other session gets none, so it keeps the raw relay unless another module filters it.
 */
public final class AuditFilters {

    /** Makes the command counter of a server's sessions. */
    @FunctionalInterface
    public interface Counters {
        CommandCounter of(String server, Protocol protocol);
    }

    private final AuditSettings settings;
    private final Optional<AuditLog> log;
    private final Set<String> countedServers;
    private final Counters counters;
    private final Optional<CommandTally> tally;
    private final Clock clock;

    /**
     * @param log the audit log; empty when no server writes one
     * @param countedServers the servers with {@code metrics_commands = on}
     * @param counters the command counters of those servers
     * @param tally where each filtered session's commands are counted for the access log's
     *     {@code $commands}; empty when nothing reads it
     */
    public AuditFilters(AuditSettings settings, Optional<AuditLog> log, Set<String> countedServers,
                        Counters counters, Optional<CommandTally> tally, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.log = Objects.requireNonNull(log, "log");
        this.countedServers = Set.copyOf(countedServers);
        this.counters = Objects.requireNonNull(counters, "counters");
        this.tally = Objects.requireNonNull(tally, "tally");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Whether some server of {@code protocol} may want a filter: else none is registered for it. */
    public boolean wanted(Protocol protocol, List<ServerConfig> servers) {
        return servers.stream().filter(s -> s.protocol() == protocol).anyMatch(s ->
                (log.isPresent() && settings.policyOf(s.name()).enabled()) || countedServers.contains(s.name()));
    }

    public FilterFactory<ImapFilter> imap() {
        return session -> trail(session).map(ImapAudit::new);
    }

    public FilterFactory<Pop3Filter> pop3() {
        return session -> trail(session).map(Pop3Audit::new);
    }

    public FilterFactory<SmtpFilter> smtp() {
        return session -> trail(session).map(SmtpAudit::new);
    }

    /** The trail of a session that is audited or counted; empty for any other. */
    Optional<AuditTrail> trail(SessionInfo session) {
        String server = session.server().name();
        AuditPolicy policy = settings.policyOf(server);
        AuditRecorder recorder = log.isPresent() && policy.audits(session)
                ? log.get().recorderFor(policy.targets())
                : AuditRecorder.NONE;
        CommandCounter counter = countedServers.contains(server)
                ? counters.of(server, session.protocol())
                : CommandCounter.NONE;
        if (recorder == AuditRecorder.NONE && counter == CommandCounter.NONE) {
            return Optional.empty();
        }
        return Optional.of(new AuditTrail(AuditedSession.of(session), recorder, tallied(session.id(), counter), clock));
    }

    /** {@code counter}, also counting into the session's tally when there is one. */
    private CommandCounter tallied(String id, CommandCounter counter) {
        if (tally.isEmpty()) {
            return counter;
        }
        CommandTally commands = tally.get();
        commands.begin(id);
        return verb -> {
            counter.count(verb);
            commands.count(id);
        };
    }
}
