package io.postern.rewrite.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.testing.PosternFixture;
import io.postern.testing.upstreams.MailServers;
import io.postern.testing.upstreams.MailUser;
import io.postern.testing.upstreams.RealMailServers;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's mailbox map with no {@code separator} set, in front of a real Dovecot whose
 * separator is {@code /}: the session's very first command already maps children, because
 * the core asked Dovecot its separator before the client's first command reached the filter.
 */
@RealMailServers
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FirstCommandsToDovecotTest {

    private final MailServers servers;
    private PosternFixture postern;

    FirstCommandsToDovecotTest(MailServers servers) {
        this.servers = servers;
    }

    @BeforeAll
    void startPostern(@TempDir Path dir) throws Exception {
        postern = PosternFixture.start(dir, """
                mail {
                  imap_auth = [plain, login]
                  rewrite.imap.mailboxes.folders.map { Sent = "INBOX/Sent", Drafts = "INBOX/Drafts" }
                  servers.imap { protocol = imap, listen = "127.0.0.1:0" }
                }
                """, DovecotAuth.of(servers), RewriteThroughPosternTest.rewriteModule());
    }

    @AfterAll
    void stopPostern() {
        if (postern != null) {
            postern.close();
        }
    }

    private InetSocketAddress dovecot() {
        return new InetSocketAddress(servers.imap().host(), servers.imap().port());
    }

    private void createDirectly(MailUser user, String... names) throws Exception {
        ImapSession.runAll(dovecot(), user,
                java.util.Arrays.stream(names).map(name -> "CREATE \"" + name + "\"").toArray(String[]::new));
    }

    @Test
    void aFirstStatusOfAMappedChildReachesTheServersChild() throws Exception {
        MailUser user = servers.user(0);
        createDirectly(user, "INBOX/Sent", "INBOX/Sent/2024");
        try (ImapSession session = ImapSession.login(postern.address(), user)) {
            assertThat(session.command("STATUS Sent/2024 (MESSAGES)"))
                    .first().isEqualTo("* STATUS Sent/2024 (MESSAGES 0)");
        }
    }

    @Test
    void aFirstListOfTheTopLevelShowsTheMappedNamesAndHidesTheirChildren() throws Exception {
        MailUser user = servers.user(1);
        createDirectly(user, "INBOX/Sent", "INBOX/Sent/2024", "Projects");
        try (ImapSession session = ImapSession.login(postern.address(), user)) {
            assertThat(session.names("LIST \"\" \"%\"")).containsExactlyInAnyOrder("INBOX", "Sent", "Projects");
        }
    }

    @Test
    void aFirstCreateOfAChildCreatesItUnderTheServersName() throws Exception {
        MailUser user = servers.user(2);
        createDirectly(user, "INBOX/Sent");
        try (ImapSession session = ImapSession.login(postern.address(), user)) {
            assertThat(session.status("CREATE Sent/Lit")).startsWith("OK");
        }
        try (ImapSession direct = ImapSession.login(dovecot(), user)) {
            assertThat(direct.names("LIST \"\" \"*\"")).contains("INBOX/Sent/Lit").doesNotContain("Sent", "Sent/Lit");
        }
    }
}
