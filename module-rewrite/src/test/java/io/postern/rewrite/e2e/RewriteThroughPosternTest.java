package io.postern.rewrite.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.postern.module.LoadedModule;
import io.postern.module.ModuleDescriptor;
import io.postern.rewrite.RewriteModule;
import io.postern.spi.SpiVersion;
import io.postern.testing.PosternFixture;
import io.postern.testing.ScriptClient;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Angus Mail through Postern with module-rewrite to GreenMail: a client that believes in Sent
 * works against a server that stores INBOX.Sent; a denied DELETE gets the configured NO;
 * capability editing is seen by the client; a MAIL FROM domain rewrite reaches the envelope.
 */
class RewriteThroughPosternTest {

    private static final String USER = "alice";
    private static final String PASSWORD = "alice-secret";

    @TempDir
    Path dir;

    private GreenMail upstream;
    private PosternFixture postern;
    private GreenMailUser alice;

    @BeforeEach
    void start() throws Exception {
        upstream = new GreenMail(new ServerSetup[] {
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP),
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP)});
        upstream.start();
        alice = upstream.setUser("alice@example.com", USER, PASSWORD);
        postern = PosternFixture.start(dir, """
                mail {
                  imap_auth = [plain, login]
                  smtp_auth = [plain, login]
                  rewrite {
                    imap {
                      mailboxes.folders { map { Sent = "INBOX.Sent" }, separator = "." }
                      deny.protected {
                        commands = [DELETE], mailboxes = [INBOX, Protected], answer = "[NOPERM] Protected stays"
                      }
                      capabilities.caps { remove = [QUOTA], add = [XPOSTERN] }
                    }
                    smtp.addresses.rebrand { commands = [MAIL], domains { "old.example" = "new.example" } }
                    smtp.recipients.two { max = 2 }
                  }
                  servers {
                    imap { protocol = imap, listen = "127.0.0.1:0" }
                    smtp { protocol = smtp, listen = "127.0.0.1:0", xclient = off } # GreenMail speaks no XCLIENT
                  }
                }
                """, Upstreams.auth(upstream, Map.of(USER, PASSWORD)), rewriteModule());
    }

    static LoadedModule rewriteModule() {
        return LoadedModule.inProcess(new RewriteModule(),
                new ModuleDescriptor("rewrite", "test", SpiVersion.current(), "test"));
    }

    @AfterEach
    void stop() {
        if (postern != null) {
            postern.close();
        }
        upstream.stop();
    }

    @Test
    void aClientThatBelievesInSentWorksAgainstAServerThatStoresInboxSent() throws Exception {
        Store store = AngusMail.imap(postern.address(0), USER, PASSWORD);
        try {
            Folder sent = store.getFolder("Sent");
            assertThat(sent.create(Folder.HOLDS_MESSAGES)).isTrue();
            assertThat(Arrays.stream(store.getDefaultFolder().list("*")).map(Folder::getFullName))
                    .contains("INBOX", "Sent").doesNotContain("INBOX.Sent");

            sent.open(Folder.READ_WRITE);
            sent.appendMessages(new Message[] {AngusMail.message("alice@example.com", "bob@example.com", "first")});
            assertThat(sent.getMessageCount()).isEqualTo(1);
            sent.close(false);

            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            inbox.appendMessages(new Message[] {AngusMail.message("bob@example.com", "alice@example.com", "second")});
            inbox.copyMessages(inbox.getMessages(), sent);
            inbox.close(false);

            assertThat(store.getFolder("Sent").getMessageCount()).as("STATUS on a closed folder").isEqualTo(2);
            sent.open(Folder.READ_ONLY);
            assertThat(Arrays.stream(sent.getMessages()).map(m -> subject(m))).containsExactly("first", "second");
            sent.close(false);
        } finally {
            store.close();
        }
        ImapHostManager server = upstream.getManagers().getImapHostManager();
        MailFolder stored = server.getFolder(alice, "INBOX.Sent");
        assertThat(stored).as("the server's INBOX.Sent").isNotNull();
        assertThat(stored.getMessageCount()).isEqualTo(2);
        assertThat(server.getFolder(alice, "Sent")).as("no Sent on the server").isNull();
    }

    @Test
    void aDeniedDeleteGetsTheConfiguredNo() throws Exception {
        try (ScriptClient c = new ScriptClient(postern.address(0))) {
            c.run("""
                    S: \\* OK .*
                    C: a1 LOGIN alice alice-secret
                    S: a1 OK .*
                    C: a2 CREATE Protected
                    S: a2 OK .*
                    C: a3 DELETE Protected
                    S: a3 NO \\[NOPERM\\] Protected stays
                    C: a4 DELETE inbox
                    S: a4 NO \\[NOPERM\\] Protected stays
                    C: a5 LIST "" Protected
                    S: \\* LIST \\(.*\\) "\\." "?Protected"?
                    S: a5 OK .*
                    """);
        }
    }

    @Test
    void theClientSeesTheEditedCapabilities() throws Exception {
        try (ScriptClient c = new ScriptClient(postern.address(0))) {
            c.run("""
                    S: \\* OK .*
                    C: a1 LOGIN alice alice-secret
                    S: a1 OK .*
                    C: a2 CAPABILITY
                    S: \\* CAPABILITY (?!.*\\bQUOTA\\b).* XPOSTERN
                    S: a2 OK .*
                    """);
        }
        IMAPStore store = (IMAPStore) AngusMail.imap(postern.address(0), USER, PASSWORD);
        try {
            assertThat(store.hasCapability("XPOSTERN")).isTrue();
            assertThat(store.hasCapability("QUOTA")).isFalse();
        } finally {
            store.close();
        }
    }

    @Test
    void theRewrittenSenderDomainReachesTheEnvelope() throws Exception {
        MimeMessage message = AngusMail.message("alice@old.example", "alice@example.com", "rebranded");
        AngusMail.submit(postern.address(1), USER, PASSWORD, "alice@old.example", message);

        assertThat(upstream.waitForIncomingEmail(5000, 1)).isTrue();
        MimeMessage received = upstream.getReceivedMessages()[0];
        assertThat(received.getHeader("Return-Path")).containsExactly("<alice@new.example>");
        assertThat(received.getHeader("From")).as("the header is the message's, left alone")
                .containsExactly("alice@old.example");
    }

    @Test
    void aThirdRecipientGetsTheLimitsAnswerAndTheMessageStillGoesToTwo() throws Exception {
        upstream.setUser("bob@example.com", "bob", "bob-secret");
        upstream.setUser("carol@example.com", "carol", "carol-secret");
        try (ScriptClient c = new ScriptClient(postern.address(1))) {
            c.run("""
                    S: 220 .*
                    C: EHLO client.example
                    """);
            String line;
            do {
                line = c.readLine();
            } while (line != null && !line.startsWith("250 "));
            c.run("""
                    C: AUTH PLAIN AGFsaWNlAGFsaWNlLXNlY3JldA==
                    S: 235 .*
                    C: MAIL FROM:<alice@old.example>
                    S: 250 .*
                    C: RCPT TO:<bob@example.com>
                    S: 250 .*
                    C: RCPT TO:<carol@example.com>
                    S: 250 .*
                    C: RCPT TO:<dave@example.com>
                    S: 452 4\\.5\\.3 Too many recipients
                    C: DATA
                    S: 354 .*
                    C: Subject: two of three
                    C:
                    C: hello
                    C: .
                    S: 250 .*
                    C: QUIT
                    S: 221 .*
                    """);
        }
        assertThat(upstream.waitForIncomingEmail(5000, 2)).isTrue();
        assertThat(upstream.getReceivedMessages()).hasSize(2);
        assertThat(upstream.getReceivedMessages()[0].getHeader("Return-Path")).containsExactly("<alice@new.example>");
    }

    private static String subject(Message message) {
        try {
            return message.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
