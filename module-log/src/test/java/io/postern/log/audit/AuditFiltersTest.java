package io.postern.log.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.postern.log.session.CommandTally;
import io.postern.log.writer.LogWriter;
import io.postern.spi.imap.ImapCommand;
import io.postern.spi.imap.ImapFilter;
import io.postern.spi.Protocol;
import io.postern.spi.ServerConfig;
import io.postern.testing.HoconServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which sessions get a filter, and what it does for them. */
class AuditFiltersTest {

    private static final Path PREFIX = Path.of("/opt/postern");
    /** module-log's defaults, as the core merges them under every block. */
    private static final Config DEFAULTS = ConfigFactory.parseResources(AuditFiltersTest.class.getClassLoader(),
            "reference.conf").getConfig("mail");

    private static ServerConfig block(String name, Protocol protocol, String hocon, Config mail) {
        return new HoconServerConfig(name, protocol, HoconServerConfig.parse(hocon).withFallback(mail));
    }

    /** The mail block {@code mail} and an IMAP server "imap" with {@code imap} in it. */
    private static AuditSettings settings(String mail, String imap) {
        Config mailConfig = HoconServerConfig.parse(mail).withFallback(DEFAULTS);
        return AuditSettings.read(new HoconServerConfig("mail", Protocol.IMAP, mailConfig),
                List.of(block("imap", Protocol.IMAP, imap, mailConfig)), PREFIX);
    }

    private static AuditFilters filters(AuditSettings settings, Set<String> counted, List<String> verbs) {
        return filters(settings, counted, verbs, Optional.empty());
    }

    private static AuditFilters filters(AuditSettings settings, Set<String> counted, List<String> verbs,
                                        Optional<CommandTally> tally) {
        LogWriter writer = new LogWriter(AuditSettings.AUDIT_LOG, AuditSettings.UNIT, settings.paths(), 16,
                path -> {
                    throw new UnsupportedOperationException("never started");
                }, Duration.ofMinutes(1));
        return new AuditFilters(settings, Optional.of(new AuditLog(writer)), counted,
                (server, protocol) -> verbs::add, tally, new AuditHarness.TestClock());
    }

    private static Optional<Boolean> audited(AuditFilters filters, AuditHarness.FakeSession session) {
        return filters.trail(session).map(AuditTrail::audited);
    }

    private static AuditHarness.FakeSession imap(String login) {
        return AuditHarness.FakeSession.of(Protocol.IMAP, login);
    }

    @Test
    void auditsEverySessionOfAServerWithAnAuditLogWhenNoUserOrGroupIsNamed() {
        AuditSettings settings = settings("audit_log = \"logs/audit.log\"", "");
        assertThat(settings.paths()).containsExactly(Path.of("/opt/postern/logs/audit.log"));
        assertThat(settings.policyOf("imap").targets()).singleElement()
                .satisfies(t -> assertThat(t.format()).isEqualTo(AuditFormat.MAIN));
        assertThat(audited(filters(settings, Set.of(), List.of()), imap("anyone"))).contains(true);
    }

    @Test
    void aServerWithoutAnAuditLogGivesNoFilterSoTheSessionKeepsTheRawRelay() {
        AuditSettings settings = settings("audit_log = \"logs/audit.log json\"", "audit_log = off");
        AuditFilters filters = filters(settings, Set.of(), List.of());
        assertThat(filters.trail(imap("alice"))).isEmpty();
        assertThat(filters.imap().open(imap("alice"))).isEmpty();
        assertThat(settings.enabled()).isFalse();
    }

    @Test
    void auditLogUsersNarrowsTheAuditToTheirLoginsWithoutCase() {
        AuditFilters filters = filters(settings("audit_log = \"logs/audit.log\"",
                "audit_log_users = [\"Alice@Example.com\"]"), Set.of(), List.of());
        assertThat(audited(filters, imap("alice@example.COM"))).contains(true);
        assertThat(filters.imap().open(imap("alice@example.com"))).isPresent();
        assertThat(filters.imap().open(imap("bob@example.com"))).isEmpty();
    }

    @Test
    void auditLogGroupsMatchesAnyGroupTheAuthAttributeNames() {
        AuditFilters filters = filters(settings("audit_log = \"logs/audit.log\"\naudit_log_groups = [legal]", ""),
                Set.of(), List.of());
        assertThat(audited(filters, imap("carol").withAttributes(Map.of("group", "staff, Legal")))).contains(true);
        assertThat(audited(filters, imap("dave").withAttributes(Map.of("group", "staff")))).isEmpty();
        assertThat(audited(filters, imap("erin"))).isEmpty();
        AuditFilters byRole = filters(settings("audit_log = \"logs/audit.log\"\naudit_log_groups = [legal]\n"
                + "audit_log_group_attribute = role", ""), Set.of(), List.of());
        assertThat(audited(byRole, imap("carol").withAttributes(Map.of("group", "legal")))).isEmpty();
        assertThat(audited(byRole, imap("carol").withAttributes(Map.of("role", "legal")))).contains(true);
    }

    @Test
    void aCountedServerGetsAFilterThatCountsButWritesNothing() {
        List<String> verbs = new ArrayList<>();
        AuditFilters filters = filters(settings("", ""), Set.of("imap"), verbs);
        assertThat(audited(filters, imap("alice"))).contains(false);
        assertThat(filters.wanted(Protocol.IMAP, List.of(block("imap", Protocol.IMAP, "", DEFAULTS)))).isTrue();
        assertThat(filters.wanted(Protocol.POP3, List.of(block("imap", Protocol.IMAP, "", DEFAULTS)))).isFalse();
        filters.imap().open(imap("alice")).orElseThrow()
                .onCommand(new ImapCommand("a1", "NOOP", List.of()));
        assertThat(verbs).containsExactly("NOOP");
    }

    @Test
    void refusesAnAuditLogItCannotWriteNamingTheDirectiveAndTheValue() {
        assertThatThrownBy(() -> settings("audit_log = \"logs/a.log combined\"", ""))
                .isInstanceOfSatisfying(io.postern.spi.InvalidDirectiveException.class,
                        e -> assertThat(e.origin()).isEqualTo("test.conf:1"))
                .hasMessage("audit_log: \"logs/a.log combined\": unknown format \"combined\" (expected: main or json)");
        assertThatThrownBy(() -> settings("audit_log = [\"logs/a.log\", off]", ""))
                .hasMessageContaining("(expected: \"<path> [main|json]\", or off alone)");
        assertThatThrownBy(() -> settings("audit_log = \"logs/a.log json extra\"", ""))
                .hasMessageContaining("(expected: \"<path> [main|json]\")");
        assertThatThrownBy(() -> settings("", "audit_log_group_attribute = \"\""))
                .hasMessageContaining("audit_log_group_attribute: \"\"");
        assertThatThrownBy(() -> settings("audit_log_buffer = 0", ""))
                .hasMessageContaining("audit_log_buffer: 0 (expected: 1-10000000)");
    }

    @Test
    void talliesTheCommandsOfEachFilteredSessionForTheAccessLog() {
        CommandTally tally = new CommandTally();
        AuditFilters filters = filters(settings("audit_log = \"logs/audit.log\"\naudit_log_users = [alice]", ""),
                Set.of(), List.of(), Optional.of(tally));
        ImapFilter alice = filters.imap().open(imap("alice")).orElseThrow();
        assertThat(filters.imap().open(imap("bob"))).isEmpty();
        alice.onCommand(new ImapCommand("a1", "SELECT", List.of(io.postern.spi.imap.ImapArg.atom("INBOX"))));
        alice.onCommand(new ImapCommand("a2", "LOGOUT", List.of()));
        assertThat(tally.end("0000002a")).hasValue(2);
        assertThat(tally.end("0000002a")).isEmpty();
    }
}
