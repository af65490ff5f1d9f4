package io.postern.log;

import static io.postern.log.TestSupport.PASSWORD;
import static io.postern.log.TestSupport.USER;
import static io.postern.log.TestSupport.await;
import static io.postern.log.TestSupport.loaded;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMailUtil;
import io.postern.spi.AuthDecision;
import io.postern.spi.Authenticator;
import io.postern.spi.Credentials;
import io.postern.spi.Protocol;
import io.postern.testing.PosternFixture;
import io.postern.testing.StaticAuthModule;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit log of POP3 and SMTP sessions through Postern to GreenMail, with Angus Mail: the
 * commands and their paired answers are there, a message only as a size.
 */
class LineProtocolsAuditEndToEndTest {

    @TempDir
    Path dir;

    private final String marker = "body-" + UUID.randomUUID();
    private TestSupport.Upstream upstream;
    private PosternFixture postern;

    @BeforeEach
    void start() throws Exception {
        upstream = new TestSupport.Upstream();
        postern = PosternFixture.start(dir, """
                mail {
                  audit_log = "logs/audit.log"
                  servers {
                    pop3 { protocol = pop3, listen = "127.0.0.1:0" }
                    smtp { protocol = smtp, listen = "127.0.0.1:0", xclient = off }
                  }
                }
                """, loaded(new LogModule()), StaticAuthModule.of(toUpstreamOfItsProtocol()));
    }

    /** {@link TestSupport#USER} with {@link TestSupport#PASSWORD} goes to GreenMail's server of the session's protocol. */
    private Authenticator toUpstreamOfItsProtocol() {
        return request -> {
            boolean good = request.credentials().user().equals(USER)
                    && request.credentials() instanceof Credentials.Plain p && p.password().equals(PASSWORD);
            if (!good) {
                return CompletableFuture.completedFuture(AuthDecision.rejected("Invalid login"));
            }
            return CompletableFuture.completedFuture(AuthDecision.acceptedTo(
                    request.session().protocol() == Protocol.POP3 ? upstream.pop3Address() : upstream.smtpAddress()));
        };
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

    /** The audit lines from the mailbox field on ({@code "-" C - RETR 1}), once one holds {@code until}. */
    private List<String> tails(String until) throws InterruptedException {
        Path file = dir.resolve("logs/audit.log");
        await(until + " in the audit log", () -> TestSupport.lines(file).stream().anyMatch(l -> l.contains(until)));
        return TestSupport.lines(file).stream().map(l -> l.substring(l.indexOf("\" \"-\" ") + 2)).toList();
    }

    private Properties props(String protocol, int port) {
        Properties props = new Properties();
        props.setProperty("mail." + protocol + ".host", "127.0.0.1");
        props.setProperty("mail." + protocol + ".port", String.valueOf(port));
        props.setProperty("mail." + protocol + ".connectiontimeout", "10000");
        props.setProperty("mail." + protocol + ".timeout", "20000");
        return props;
    }

    @Test
    void pop3ShowsTheCommandsAndTheirAnswersButNotTheMessage() throws Exception {
        GreenMailUtil.sendTextEmail(USER, "alice@example.com", "audited", "the message: " + marker,
                upstream.greenMail.getSmtp().getServerSetup());
        Store store = Session.getInstance(props("pop3", postern.address(0).getPort())).getStore("pop3");
        store.connect(USER, PASSWORD);
        Folder inbox = store.getFolder("INBOX");
        inbox.open(Folder.READ_ONLY);
        assertThat(GreenMailUtil.getBody(inbox.getMessage(1))).contains(marker);
        inbox.close(false);
        store.close();

        List<String> tails = tails("\"QUIT\"");
        assertThat(tails).anySatisfy(l -> assertThat(l).matches("\"-\" C - (RETR|TOP) 1.*"))
                .anySatisfy(l -> assertThat(l).matches("\"-\" S - \\+OK \\d+\\.\\d{3} - \"(RETR|TOP)\"( .*)?"))
                .last().satisfies(l -> assertThat(l).matches("\"-\" S - \\+OK \\d+\\.\\d{3} - \"QUIT\".*"));
        assertThat(tails).noneMatch(l -> l.contains("USER") || l.contains("PASS"));
        assertThat(Files.readString(dir.resolve("logs/audit.log"))).doesNotContain(marker).doesNotContain(PASSWORD);
    }

    @Test
    void smtpShowsTheEnvelopeAndTheRepliesAndOnlyTheSizeOfTheMessage() throws Exception {
        Properties props = props("smtp", postern.address(1).getPort());
        props.setProperty("mail.smtp.auth", "true");
        Session mail = Session.getInstance(props);
        MimeMessage message = new MimeMessage(mail);
        message.setFrom(new InternetAddress("alice@example.com"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(USER));
        message.setSubject("audited");
        message.setText("the message: " + marker + "\n");
        Transport.send(message, USER, PASSWORD);

        List<String> tails = tails("\"QUIT\"").stream()
                .filter(l -> !l.matches("\"-\" [CS] - (\\d+ \\S+ \\S+ \"(RSET|NOOP)\"|RSET|NOOP).*"))
                .toList();
        assertThat(tails).satisfiesExactly(
                l -> assertThat(l).isEqualTo("\"-\" C - MAIL FROM:<alice@example.com>"),
                l -> assertThat(l).matches("\"-\" S - 250 \\d+\\.\\d{3} - \"MAIL\" .*"),
                l -> assertThat(l).isEqualTo("\"-\" C - RCPT TO:<" + USER + ">"),
                l -> assertThat(l).matches("\"-\" S - 250 \\d+\\.\\d{3} - \"RCPT\" .*"),
                l -> assertThat(l).isEqualTo("\"-\" C - DATA"),
                l -> assertThat(l).matches("\"-\" S - 354 \\d+\\.\\d{3} - \"DATA\" .*"),
                l -> assertThat(l).matches("\"-\" S - 250 \\d+\\.\\d{3} \\d+ \"DATA\" .*"),
                l -> assertThat(l).isEqualTo("\"-\" C - QUIT"),
                l -> assertThat(l).matches("\"-\" S - 221 \\d+\\.\\d{3} - \"QUIT\" .*"));
        long size = Long.parseLong(tails.get(6).split(" ")[5]);
        assertThat(size).isGreaterThan(marker.length());
        assertThat(Files.readString(dir.resolve("logs/audit.log"))).doesNotContain(marker).doesNotContain(PASSWORD);
    }
}
