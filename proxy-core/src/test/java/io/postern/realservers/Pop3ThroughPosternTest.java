package io.postern.realservers;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.testing.ScriptClient;
import io.postern.testing.upstreams.MailServers;
import io.postern.testing.upstreams.MailUser;
import io.postern.testing.upstreams.Mailboxes;
import io.postern.testing.upstreams.RealMailServers;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Store;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** POP3 through Postern to a real Dovecot, reading mail a real Postfix delivered. */
@RealMailServers
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Pop3ThroughPosternTest {

    private final MailServers servers;
    private PosternInFront postern;

    Pop3ThroughPosternTest(MailServers servers) {
        this.servers = servers;
    }

    @BeforeAll
    void startPostern(@TempDir Path dir) throws Exception {
        postern = PosternInFront.start(dir, servers);
    }

    @AfterAll
    void stopPostern() {
        if (postern != null) {
            postern.close();
        }
    }

    @Test
    void angusMailRetrievesAndDeletesDeliveredMail() throws Exception {
        MailUser user = servers.user(0);
        deliver(user, "first", "second");
        Store store = AngusMail.store("pop3", postern.pop3(), user, false);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            Message[] messages = inbox.getMessages();
            assertThat(messages).hasSize(2);
            assertThat(messages[0].getSubject()).isEqualTo("first");
            assertThat(messages[1].getContent().toString()).contains("body of second", ".a line with a dot");
            messages[0].setFlag(Flags.Flag.DELETED, true);
            inbox.close(true); // DELE, then QUIT commits it
        } finally {
            store.close();
        }
        assertThat(Mailboxes.pop3Count(servers.pop3(), user)).isEqualTo(1);
    }

    @Test
    void rawSessionStatListUidlTopRetrDeleAndRset() throws Exception {
        MailUser user = servers.user(1);
        deliver(user, "raw one");
        try (ScriptClient c = new ScriptClient(postern.pop3())) {
            c.run("""
                    S: \\+OK POP3 ready
                    C: CAPA
                    S: \\+OK.*
                    S: TOP
                    S: USER
                    S: UIDL
                    S: SASL PLAIN.*
                    S: \\.
                    C: USER %s
                    S: \\+OK
                    C: PASS %s
                    S: \\+OK Logged in\\.
                    C: STAT
                    S: \\+OK 1 \\d+
                    C: LIST
                    S: \\+OK .*
                    S: 1 \\d+
                    S: \\.
                    C: UIDL 1
                    S: \\+OK 1 \\w+
                    C: TOP 1 0
                    S: \\+OK.*
                    """.formatted(user.name(), user.password()));
            assertThat(readToDot(c)).contains("Subject: raw one");
            c.run("""
                    C: RETR 1
                    S: \\+OK.*
                    """);
            assertThat(readToDot(c)).contains("Subject: raw one").contains("..a line with a dot");
            c.run("""
                    C: DELE 1
                    S: \\+OK.*
                    C: STAT
                    S: \\+OK 0 0
                    C: RSET
                    S: \\+OK.*
                    C: DELE 1
                    S: \\+OK.*
                    C: QUIT
                    S: \\+OK.*
                    S: <closed>
                    """);
        }
        assertThat(Mailboxes.pop3Count(servers.pop3(), user)).isZero();
    }

    private void deliver(MailUser user, String... subjects) throws Exception {
        for (String subject : subjects) {
            AngusMail.deliver(servers.smtp(), AngusMail.message(user, subject,
                    "body of " + subject + "\r\n.a line with a dot\r\n"));
        }
        assertThat(Mailboxes.awaitPop3Count(servers.pop3(), user, subjects.length, Duration.ofSeconds(20)))
                .as("messages Postfix delivered into Dovecot").isEqualTo(subjects.length);
    }

    /** The lines of a multi-line POP3 answer up to its terminating dot, as sent (still dot-stuffed). */
    private static String readToDot(ScriptClient c) throws Exception {
        StringBuilder text = new StringBuilder();
        for (String line = c.readLine(); line != null && !line.equals("."); line = c.readLine()) {
            text.append(line).append('\n');
        }
        return text.toString();
    }
}
