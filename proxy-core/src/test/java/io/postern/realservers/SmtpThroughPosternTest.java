package io.postern.realservers;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.testing.ScriptClient;
import io.postern.testing.upstreams.MailServers;
import io.postern.testing.upstreams.MailUser;
import io.postern.testing.upstreams.Mailboxes;
import io.postern.testing.upstreams.RealMailServers;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * SMTP submission with AUTH through Postern ({@code xclient = on}) to a real Postfix, which
 * delivers into Dovecot, read back over IMAP through Postern.
 */
@RealMailServers
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SmtpThroughPosternTest {

    private final MailServers servers;
    private PosternInFront postern;

    SmtpThroughPosternTest(MailServers servers) {
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
    void submissionWithAuthIsDeliveredAndReadBackOverImap() throws Exception {
        MailUser sender = servers.user(0);
        MailUser recipient = servers.user(1);
        AngusMail.submit(postern.smtp(), sender, AngusMail.message(recipient, "submitted through postern",
                "hello\r\n.a line with a dot\r\n"));
        assertThat(Mailboxes.awaitPop3Count(servers.pop3(), recipient, 1, Duration.ofSeconds(20)))
                .as("delivered by Postfix into Dovecot").isEqualTo(1);

        Store store = AngusMail.store("imap", postern.imap(), recipient, false);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            Message message = inbox.getMessage(1);
            assertThat(message.getSubject()).isEqualTo("submitted through postern");
            assertThat(message.getContent().toString()).contains("hello", ".a line with a dot");
            // XCLIENT LOGIN made Postfix treat the session as authenticated (ESMTPA), from the
            // client's address as Postern saw it.
            assertThat(String.join("\n", message.getHeader("Received")))
                    .contains("[127.0.0.1]").contains("with ESMTPA");
            inbox.close(false);
        } finally {
            store.close();
        }
    }

    @Test
    void aLoggedInClientCannotSpeakXclientToTheUpstreamThatTrustsPostern() throws Exception {
        MailUser user = servers.user(0);
        String plain = Base64.getEncoder().encodeToString(("\0" + user.name() + "\0" + user.password())
                .getBytes(StandardCharsets.UTF_8));
        try (ScriptClient c = new ScriptClient(postern.smtp())) {
            assertThat(c.readLine()).startsWith("220 ");
            c.send("EHLO client.test\r\n");
            String line;
            do {
                line = c.readLine();
            } while (line.startsWith("250-"));
            c.run("""
                    C: AUTH PLAIN %s
                    S: 235 .*
                    C: XCLIENT LOGIN=%s
                    S: 550 5\\.7\\.0 .*
                    # Postfix splits a command at any blank and skips leading ones: so must the relay.
                    C: XCLIENT\tLOGIN=%2$s
                    S: 550 5\\.7\\.0 .*
                    C:  XCLIENT LOGIN=%2$s
                    S: 550 5\\.7\\.0 .*
                    C: QUIT
                    S: 221 .*
                    """.formatted(plain, servers.user(1).name()));
        }
    }
}
