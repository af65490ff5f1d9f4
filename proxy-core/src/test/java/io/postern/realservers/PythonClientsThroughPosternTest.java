package io.postern.realservers;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.testing.upstreams.MailServers;
import io.postern.testing.upstreams.MailUser;
import io.postern.testing.upstreams.Mailboxes;
import io.postern.testing.upstreams.RealMailServers;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Python's imaplib, poplib and smtplib through Postern to real Dovecot and Postfix. */
@RealMailServers
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PythonClientsThroughPosternTest {

    private final MailServers servers;
    private PosternInFront postern;
    private Path dir;

    PythonClientsThroughPosternTest(MailServers servers) {
        this.servers = servers;
    }

    @BeforeAll
    void startPostern(@TempDir Path dir) throws Exception {
        this.dir = dir;
        postern = PosternInFront.start(dir, servers);
    }

    @AfterAll
    void stopPostern() {
        if (postern != null) {
            postern.close();
        }
    }

    @Test
    void imaplibListsSelectsAppendsSearchesFetchesCopiesAndExpunges() throws Exception {
        String out = python("imap", postern.imap(), servers.user(0));
        assertThat(out).contains("LIST INBOX", "SELECT 0", "SEARCH 1", "SUBJECT from imaplib",
                "BODY appended by imaplib|.dot line", "STATUS Python (MESSAGES 1)");
    }

    @Test
    void poplibRetrievesAndDeletesAMessagePostfixDelivered() throws Exception {
        MailUser user = servers.user(1);
        AngusMail.deliver(servers.smtp(), AngusMail.message(user, "for poplib", "hello"));
        assertThat(Mailboxes.awaitPop3Count(servers.pop3(), user, 1, Duration.ofSeconds(20))).isEqualTo(1);
        assertThat(python("pop3", postern.pop3(), user)).contains("STAT 1", "SUBJECT for poplib");
        assertThat(Mailboxes.pop3Count(servers.pop3(), user)).isZero();
    }

    @Test
    void smtplibSubmitsWithAuthAndTheMessageArrives() throws Exception {
        MailUser recipient = servers.user(3);
        assertThat(python("smtp", postern.smtp(), servers.user(2), recipient.address())).contains("REFUSED 0");
        assertThat(Mailboxes.awaitPop3Count(servers.pop3(), recipient, 1, Duration.ofSeconds(20))).isEqualTo(1);
    }

    private String python(String command, InetSocketAddress address, MailUser user, String... more) throws Exception {
        String[] args = new String[5 + more.length];
        args[0] = command;
        args[1] = address.getHostString();
        args[2] = String.valueOf(address.getPort());
        args[3] = user.name();
        args[4] = user.password();
        System.arraycopy(more, 0, args, 5, more.length);
        return Python.run(dir, args);
    }
}
