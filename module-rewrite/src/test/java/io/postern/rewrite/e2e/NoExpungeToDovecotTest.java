package io.postern.rewrite.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.testing.PosternFixture;
import io.postern.testing.upstreams.MailServers;
import io.postern.testing.upstreams.MailUser;
import io.postern.testing.upstreams.RealMailServers;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code no_expunge} in front of a real Dovecot: whichever way the client tries to remove a
 * message (EXPUNGE, UID EXPUNGE, MOVE, UID MOVE, a \Deleted store, CLOSE), Dovecot still holds
 * it afterwards. Each test appends its own messages and counts them directly at Dovecot.
 */
@RealMailServers
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NoExpungeToDovecotTest {

    private static final String MESSAGE = "Subject: kept\r\n\r\nkeep me\r\n";

    private final MailServers servers;
    private PosternFixture postern;

    NoExpungeToDovecotTest(MailServers servers) {
        this.servers = servers;
    }

    @BeforeAll
    void startPostern(@TempDir Path dir) throws Exception {
        postern = PosternFixture.start(dir, """
                mail {
                  imap_auth = [plain, login]
                  rewrite.imap.no_expunge.archive { groups = [archive] }
                  servers.imap { protocol = imap, listen = "127.0.0.1:0" }
                }
                """, DovecotAuth.of(servers, Map.of("group", "archive")), RewriteThroughPosternTest.rewriteModule());
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

    /** Appends two messages to {@code user}'s INBOX directly at Dovecot; the second is flagged \Deleted by another client. */
    private void twoMessagesOneMarkedElsewhere(MailUser user) throws Exception {
        try (ImapSession direct = ImapSession.login(dovecot(), user)) {
            assertThat(direct.status("CREATE Trash")).startsWith("OK");
            assertThat(direct.status("APPEND INBOX {" + MESSAGE.length() + "+}\r\n" + MESSAGE)).startsWith("OK");
            assertThat(direct.status("APPEND INBOX (\\Deleted) {" + MESSAGE.length() + "+}\r\n" + MESSAGE))
                    .startsWith("OK");
        }
    }

    private String inboxCountAtDovecot(MailUser user) throws Exception {
        try (ImapSession direct = ImapSession.login(dovecot(), user)) {
            return direct.command("STATUS INBOX (MESSAGES)").get(0);
        }
    }

    @Test
    void noCommandRemovesAMessage() throws Exception {
        MailUser user = servers.user(0);
        twoMessagesOneMarkedElsewhere(user);
        try (ImapSession session = ImapSession.login(postern.address(), user)) {
            assertThat(session.status("SELECT INBOX")).startsWith("OK");
            assertThat(session.status("STORE 1 +FLAGS (\\Deleted)")).startsWith("NO [NOPERM]");
            assertThat(session.status("UID STORE 1:* FLAGS.SILENT (\\Deleted)")).startsWith("NO [NOPERM]");
            assertThat(session.status("EXPUNGE")).startsWith("NO [NOPERM]");
            assertThat(session.status("UID EXPUNGE 1:*")).startsWith("NO [NOPERM]");
            assertThat(session.status("MOVE 1:* Trash")).startsWith("NO [NOPERM]");
            assertThat(session.status("UID MOVE 1:* Trash")).startsWith("NO [NOPERM]");
            assertThat(session.status("APPEND INBOX (\\Deleted) {" + MESSAGE.length() + "+}\r\n" + MESSAGE))
                    .startsWith("NO [NOPERM]");
        }
        assertThat(inboxCountAtDovecot(user)).isEqualTo("* STATUS INBOX (MESSAGES 2)");
    }

    @Test
    void closeLeavesTheMailboxWithoutExpungingWhatAnotherClientMarked() throws Exception {
        MailUser user = servers.user(1);
        twoMessagesOneMarkedElsewhere(user);
        try (ImapSession session = ImapSession.login(postern.address(), user)) {
            assertThat(session.status("SELECT INBOX")).startsWith("OK");
            assertThat(session.status("CLOSE")).startsWith("OK");
            assertThat(session.status("NOOP")).startsWith("OK");
        }
        assertThat(inboxCountAtDovecot(user)).isEqualTo("* STATUS INBOX (MESSAGES 2)");
    }
}
