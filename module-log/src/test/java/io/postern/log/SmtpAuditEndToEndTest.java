package io.postern.log;

import static io.postern.log.TestSupport.PASSWORD;
import static io.postern.log.TestSupport.USER;
import static io.postern.log.TestSupport.await;
import static io.postern.log.TestSupport.loaded;
import static io.postern.log.TestSupport.scripted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.postern.smtp.SmtpProtocol;
import io.postern.testing.PosternFixture;
import io.postern.testing.StaticAuthModule;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit log of an SMTP submission through Postern to GreenMail, sent by Angus Mail: the
 * envelope and the replies are there, the message is only a size. Needs the core's framed SMTP
 * relay: skipped until it is there.
 */
class SmtpAuditEndToEndTest {

    @TempDir
    Path dir;

    private TestSupport.Upstream upstream;
    private PosternFixture postern;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(TestSupport.framedRelay(SmtpProtocol.class),
                "the core's framed SMTP relay is not there yet: SMTP sessions are relayed raw");
        upstream = new TestSupport.Upstream();
        postern = PosternFixture.start(dir, """
                mail {
                  audit_log = "logs/audit.log"
                  servers { smtp { protocol = smtp, listen = "127.0.0.1:0", xclient = off } }
                }
                """, loaded(new LogModule()), StaticAuthModule.of(scripted(upstream.smtpAddress())));
    }

    @AfterEach
    void stop() {
        if (postern != null) {
            postern.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void showsTheEnvelopeAndTheRepliesAndOnlyTheSizeOfTheMessage() throws Exception {
        String marker = "body-" + UUID.randomUUID();
        Properties props = new Properties();
        props.setProperty("mail.smtp.host", "127.0.0.1");
        props.setProperty("mail.smtp.port", String.valueOf(postern.address().getPort()));
        props.setProperty("mail.smtp.auth", "true");
        props.setProperty("mail.smtp.connectiontimeout", "10000");
        props.setProperty("mail.smtp.timeout", "20000");
        Session mail = Session.getInstance(props);
        MimeMessage message = new MimeMessage(mail);
        message.setFrom(new InternetAddress("alice@example.com"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(USER));
        message.setSubject("audited");
        message.setText("the message: " + marker + "\n");
        Transport.send(message, USER, PASSWORD);

        Path file = dir.resolve("logs/audit.log");
        await("the QUIT's reply", () -> TestSupport.lines(file).stream().anyMatch(l -> l.contains("\"QUIT\"")));
        List<String> tails = TestSupport.lines(file).stream()
                .map(l -> l.substring(l.indexOf("\" \"-\" ") + 6))
                .filter(l -> !l.matches("[CS] - (\\d+ \\S+ \\S+ \"(RSET|NOOP)\"|RSET|NOOP).*"))
                .toList();
        assertThat(tails).satisfiesExactly(
                l -> assertThat(l).isEqualTo("C - MAIL FROM:<alice@example.com>"),
                l -> assertThat(l).matches("S - 250 \\d+\\.\\d{3} - \"MAIL\" .*"),
                l -> assertThat(l).isEqualTo("C - RCPT TO:<" + USER + ">"),
                l -> assertThat(l).matches("S - 250 \\d+\\.\\d{3} - \"RCPT\" .*"),
                l -> assertThat(l).isEqualTo("C - DATA"),
                l -> assertThat(l).matches("S - 354 \\d+\\.\\d{3} - \"DATA\" .*"),
                l -> assertThat(l).matches("S - 250 \\d+\\.\\d{3} \\d+ \"DATA\" .*"),
                l -> assertThat(l).isEqualTo("C - QUIT"),
                l -> assertThat(l).matches("S - 221 \\d+\\.\\d{3} - \"QUIT\" .*"));
        long size = Long.parseLong(tails.get(6).split(" ")[3]);
        assertThat(size).isGreaterThan(marker.length());
        assertThat(Files.readString(file)).doesNotContain(marker).doesNotContain(PASSWORD);
    }
}
