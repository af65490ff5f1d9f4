package io.postern.rewrite.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.rewrite.testkit.FakeSession;
import io.postern.rewrite.testkit.Rewrite;
import org.junit.jupiter.api.Test;

/** Which sessions get a filter: rules limited to users, groups and servers, and none at all. */
class RuleScopeTest {

    private static final String CONFIG = """
            mail {
              rewrite {
                imap.deny {
                  legacy    { users = ["*@legacy.example"], commands = [IDLE] }
                  read-only { groups = [readonly], commands = [EXPUNGE] }
                  archive   { servers = [archive], commands = [APPEND] }
                }
              }
              servers {
                imap    { protocol = imap, listen = "127.0.0.1:143" }
                archive { protocol = imap, listen = "127.0.0.1:1143" }
                pop3    { protocol = pop3, listen = "127.0.0.1:110" }
              }
            }
            """;

    private final Rewrite rewrite = Rewrite.configure(CONFIG);

    @Test
    void opensNoFilterWhenNoRuleIsForTheSession() {
        assertThat(rewrite.imap(FakeSession.of(rewrite.config().server("imap"), "alice@example.com"))).isEmpty();
        assertThat(rewrite.imap(FakeSession.of(rewrite.config().server("imap"), "alice@example.com", "staff")))
                .isEmpty();
    }

    @Test
    void registersFiltersOnlyForProtocolsWithRules() {
        assertThat(rewrite.context().imap).containsOnlyKeys("rewrite");
        assertThat(rewrite.context().pop3).isEmpty();
        assertThat(rewrite.context().smtp).isEmpty();
    }

    @Test
    void limitsRulesByLoginGlob() {
        ImapFilterHarness legacy = new ImapFilterHarness(rewrite.imap(
                FakeSession.of(rewrite.config().server("imap"), "Bob@Legacy.Example")).orElseThrow());
        assertThat(legacy.client("a IDLE")).isEqualTo("ANSWER a NO [NOPERM] Not allowed");
        assertThat(legacy.client("a EXPUNGE")).isEqualTo("PASS");
        assertThat(legacy.client("a APPEND INBOX {3}\r\nabc")).isEqualTo("PASS");
    }

    @Test
    void limitsRulesByGroupFromTheAuthAttribute() {
        ImapFilterHarness reader = new ImapFilterHarness(rewrite.imap(
                FakeSession.of(rewrite.config().server("imap"), "carol", "staff, ReadOnly")).orElseThrow());
        assertThat(reader.client("a EXPUNGE")).isEqualTo("ANSWER a NO [NOPERM] Not allowed");
        assertThat(reader.client("a UID EXPUNGE 1:5")).isEqualTo("ANSWER a NO [NOPERM] Not allowed");
        assertThat(reader.client("a IDLE")).isEqualTo("PASS");
    }

    @Test
    void limitsRulesByServer() {
        ImapFilterHarness archive = new ImapFilterHarness(rewrite.imap("archive", "alice"));
        assertThat(archive.client("a APPEND INBOX {3}\r\nabc")).isEqualTo("ANSWER a NO [NOPERM] Not allowed");
        assertThat(archive.client("a EXPUNGE")).isEqualTo("PASS");
    }

    @Test
    void readsGroupsFromTheConfiguredAttribute() {
        Rewrite custom = Rewrite.configure("""
                mail {
                  rewrite { group_attribute = role, imap.deny.ro { groups = [readonly], commands = [DELETE] } }
                  servers.imap { protocol = imap, listen = "127.0.0.1:143" }
                }
                """);
        FakeSession byGroup = FakeSession.of(custom.config().server("imap"), "carol", "readonly");
        assertThat(custom.imap(byGroup)).isEmpty();
        assertThat(custom.imap(byGroup.withAttribute("role", "readonly"))).isPresent();
    }
}
