package io.postern.realservers;

import static io.postern.realservers.FilteredRelaysThroughPostfixTest.BODY;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * SMTP smuggling (CVE-2023-51764; SEC Consult, "SMTP Smuggling - Spoofing E-Mails Worldwide",
 * December 2023) through Postern to a real Postfix 3.7 with its default
 * {@code smtpd_forbid_bare_newline = no}, which takes {@code LF.LF}, {@code LF.CRLF} and
 * {@code CRLF.LF} for the end of the data. Postern runs with {@code xclient = off} and no
 * post-login filter, the configuration that used to get the raw relay: every variant is refused
 * with {@code 550 5.5.2}, no smuggled message is delivered, and a normal message with
 * dot-stuffed lines is delivered intact.
 */
@RealMailServers
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SmtpSmugglingThroughPostfixTest {

    private static final String SMUGGLED_ID = "<smuggled@victim.test>";

    private final MailServers servers;
    private PosternInFront postern;

    SmtpSmugglingThroughPostfixTest(MailServers servers) {
        this.servers = servers;
    }

    @BeforeAll
    void startPostern(@TempDir Path dir) throws Exception {
        postern = PosternInFront.start(dir, servers, "xclient = off");
    }

    @AfterAll
    void stopPostern() {
        if (postern != null) {
            postern.close();
        }
    }

    @Test
    void noSmuggledMessageIsDeliveredAndANormalOneIsDeliveredIntact() throws Exception {
        MailUser sender = servers.user(0);
        MailUser recipient = servers.user(1);
        Map<String, String> endsOfData = new LinkedHashMap<>();
        endsOfData.put("LF.LF", "\n.\n");
        endsOfData.put("LF.CRLF", "\n.\r\n");
        endsOfData.put("CRLF.LF", "\r\n.\n");
        endsOfData.put("CR.CRLF", "\r.\r\n");
        endsOfData.put("CRLF.CR", "\r\n.\r");
        endsOfData.put("LF.CR", "\n.\r");
        for (Map.Entry<String, String> end : endsOfData.entrySet()) {
            trySmuggling(end.getKey(), end.getValue(), sender, recipient);
        }

        AngusMail.submit(postern.smtp(), sender, AngusMail.message(recipient, "normal", BODY));
        assertThat(Mailboxes.awaitPop3Count(servers.pop3(), recipient, 1, Duration.ofSeconds(20)))
                .as("the normal message was delivered by Postfix into Dovecot").isEqualTo(1);
        // Postfix's cleanup logs a message's Message-ID when it queues it, before it answers the
        // end of data; every attempt above ended before the normal message was sent.
        Optional<Path> log = servers.postfixLog();
        if (log.isPresent()) {
            assertThat(Files.readString(log.get())).as("Postfix queued the normal message and no smuggled one")
                    .contains("message-id=").doesNotContain("message-id=" + SMUGGLED_ID);
        }
        Store store = AngusMail.store("pop3", postern.pop3(), recipient, false);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            assertThat(inbox.getMessageCount()).as("nothing but the normal message").isEqualTo(1);
            Message message = inbox.getMessage(1);
            assertThat(message.getSubject()).isEqualTo("normal");
            assertThat(message.getContent().toString().replace("\r\n", "\n")).isEqualTo(BODY.replace("\r\n", "\n"));
            inbox.close(false);
        } finally {
            store.close();
        }
    }

    /** A message ended by {@code endOfData}, with a spoofed second transaction behind it. */
    private void trySmuggling(String name, String endOfData, MailUser sender, MailUser recipient) throws Exception {
        String smuggled = "MAIL FROM:<ceo@victim.test>\r\nRCPT TO:<" + recipient.address() + ">\r\nDATA\r\n"
                + "From: ceo@victim.test\r\nMessage-ID: " + SMUGGLED_ID + "\r\nSubject: smuggled " + name
                + "\r\n\r\nsmuggled\r\n.\r\n";
        try (ScriptClient c = new ScriptClient(postern.smtp())) {
            c.run("""
                    S: 220 .*
                    C: EHLO client.example
                    S: 250-.*
                    S: 250 .*
                    C: AUTH PLAIN %s
                    S: 235 .*
                    C: MAIL FROM:<alice@example.com>
                    S: 250 .*
                    C: RCPT TO:<%s>
                    S: 250 .*
                    C: DATA
                    S: 354 .*
                    """.formatted(plain(sender), recipient.address()));
            c.sendBytes(("Subject: first " + name + "\r\n\r\nfirst" + endOfData + smuggled)
                    .getBytes(StandardCharsets.US_ASCII));
            String reply = c.readLine();
            assertThat(reply).as(name).startsWith("550 5.5.2 ");
            c.expectClosed();
        }
    }

    private static String plain(MailUser user) {
        return Base64.getEncoder().encodeToString(("\0" + user.name() + "\0" + user.password())
                .getBytes(StandardCharsets.UTF_8));
    }
}
