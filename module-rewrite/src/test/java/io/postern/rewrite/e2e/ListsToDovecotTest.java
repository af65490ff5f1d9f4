package io.postern.rewrite.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.testing.PosternFixture;
import io.postern.testing.upstreams.MailServers;
import io.postern.testing.upstreams.MailUser;
import io.postern.testing.upstreams.RealMailServers;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * LIST forms that need more than a translated pattern, in front of a real Dovecot (separator
 * {@code /}, no prefix): RFC 5258's RECURSIVEMATCH with a mapped name, and a pattern below
 * INBOX with namespace translation. Server {@code mapped} maps Sent to INBOX/Sent; server
 * {@code inboxed} treats Dovecot's INBOX/ as a Courier-style personal prefix, shown as the
 * top level with {@code .}: the client's INBOX.Lists is Dovecot's INBOX/INBOX/Lists.
 */
@RealMailServers
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListsToDovecotTest {

    private final MailServers servers;
    private PosternFixture postern;

    ListsToDovecotTest(MailServers servers) {
        this.servers = servers;
    }

    @BeforeAll
    void startPostern(@TempDir Path dir) throws Exception {
        postern = PosternFixture.start(dir, """
                mail {
                  imap_auth = [plain, login]
                  rewrite.imap {
                    mailboxes.folders { servers = [mapped], map { Sent = "INBOX/Sent" } }
                    namespace.inboxed { servers = [inboxed], prefix = "INBOX/", separator = "/"
                                        client_prefix = "", client_separator = "." }
                  }
                  servers {
                    mapped { protocol = imap, listen = "127.0.0.1:0" }
                    inboxed { protocol = imap, listen = "127.0.0.1:0" }
                  }
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


    @Test
    void recursiveMatchShowsAMappedParentWhoseChildIsSubscribed() throws Exception {
        MailUser user = servers.user(0);
        ImapSession.runAll(dovecot(), user, "CREATE INBOX/Sent/2024", "SUBSCRIBE INBOX/Sent/2024",
                "CREATE Projects/Alpha", "SUBSCRIBE Projects/Alpha");
        try (ImapSession session = ImapSession.login(postern.address(0), user)) {
            List<String> lines = session.command("LIST (SUBSCRIBED RECURSIVEMATCH) \"\" \"%\"");
            assertThat(lines).anyMatch(l -> l.matches("\\* LIST \\(.*\\) \"/\" \"?Sent\"? \\(\"?CHILDINFO\"? \\(\"SUBSCRIBED\"\\)\\)"))
                    .anyMatch(l -> l.matches("\\* LIST \\(.*\\) \"/\" \"?Projects\"? \\(\"?CHILDINFO\"? \\(\"SUBSCRIBED\"\\)\\)"))
                    .noneMatch(l -> l.contains("2024") || l.contains("Alpha"));
        }
    }

    @Test
    void aPatternBelowInboxListsItsChildrenWithNamespaceTranslation() throws Exception {
        MailUser user = servers.user(1);
        try (ImapSession session = ImapSession.login(postern.address(1), user)) {
            assertThat(session.status("CREATE INBOX.Lists.Java")).startsWith("OK");
            assertThat(session.status("CREATE Projects")).startsWith("OK");
            assertThat(session.names("LIST \"\" \"INBOX.%\"")).containsExactly("INBOX.Lists");
            assertThat(session.names("LIST \"\" \"INBOX.*\"")).containsExactlyInAnyOrder("INBOX.Lists",
                    "INBOX.Lists.Java");
            assertThat(session.names("LIST \"INBOX.\" \"%\"")).containsExactly("INBOX.Lists");
        }
        try (ImapSession direct = ImapSession.login(dovecot(), user)) {
            assertThat(direct.names("LIST \"\" \"*\"")).contains("INBOX/INBOX/Lists/Java", "INBOX/Projects");
        }
    }
}
