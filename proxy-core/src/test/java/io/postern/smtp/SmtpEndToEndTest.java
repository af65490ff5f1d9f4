package io.postern.smtp;

import static io.postern.smtp.SmtpTestSupport.PASSWORD;
import static io.postern.smtp.SmtpTestSupport.USER;
import static io.postern.smtp.SmtpTestSupport.plain;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.postern.spi.AuthDecision;
import io.postern.spi.Credentials;
import io.postern.spi.UpstreamAddress;
import io.postern.testing.PosternFixture;
import io.postern.testing.ScriptClient;
import io.postern.testing.StaticAuthModule;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Real mail through Postern to an embedded GreenMail SMTP server, and a full session's logs. */
class SmtpEndToEndTest {

    private static final String MESSAGE = """
            C: DATA
            S: 354 .*
            C| From: alice@example.com
            C| To: bob@localhost
            C| Subject: through postern
            C|
            C| ..a line that starts with a dot
            C: .
            S: 250 .*
            C: QUIT
            S: 221 .*
            """;

    @TempDir
    Path dir;

    private GreenMail greenMail;
    private PosternFixture postern;

    @AfterEach
    void stop() {
        if (postern != null) {
            postern.close();
        }
        if (greenMail != null) {
            greenMail.stop();
        }
    }

    private UpstreamAddress startGreenMail() {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        return new UpstreamAddress("127.0.0.1", greenMail.getSmtp().getPort());
    }

    @Test
    void deliversAMessageSentAfterAuth() throws Exception {
        UpstreamAddress smtp = startGreenMail();
        postern = SmtpTestSupport.start(dir, "xclient = off", SmtpTestSupport.nginxTestAuth(smtp));
        try (ScriptClient c = new ScriptClient(postern.address())) {
            c.run("""
                    S: 220 postern\\.test ESMTP ready
                    C: EHLO client.example
                    S: 250-postern\\.test
                    S: 250 AUTH PLAIN LOGIN
                    C: AUTH PLAIN %s
                    S: 235 2\\.0\\.0 OK
                    C: MAIL FROM:<alice@example.com>
                    S: 250 .*
                    C: RCPT TO:<bob@localhost>
                    S: 250 .*
                    """.formatted(plain(USER, PASSWORD)) + MESSAGE);
        }
        assertDelivered();
    }

    @Test
    void relaysAnUnauthenticatedMessageTheAuthPhaseAllows() throws Exception {
        UpstreamAddress smtp = startGreenMail();
        postern = SmtpTestSupport.start(dir, "xclient = off\nsmtp_auth = [plain, none]", request -> {
            boolean local = request.credentials() instanceof Credentials.None none && none.rcptTo().contains("@localhost");
            return StaticAuthModule.answer(local ? AuthDecision.acceptedTo(smtp) : AuthDecision.rejected("Relay denied"));
        });
        try (ScriptClient c = new ScriptClient(postern.address())) {
            c.run("""
                    S: 220 .*
                    C: HELO client.example
                    S: 250 postern\\.test
                    C: MAIL FROM:<alice@example.com>
                    S: 250 2\\.0\\.0 OK
                    C: RCPT TO:<bob@localhost>
                    S: 250 .*
                    """ + MESSAGE);
        }
        assertDelivered();
        try (ScriptClient c = new ScriptClient(postern.address())) {
            c.run("""
                    S: 220 .*
                    C: MAIL FROM:<alice@example.com>
                    S: 250 2\\.0\\.0 OK
                    C: RCPT TO:<carol@elsewhere.test>
                    S: 535 5\\.7\\.0 Relay denied
                    S: <closed>
                    """);
        }
    }

    private void assertDelivered() throws Exception {
        assertThat(greenMail.waitForIncomingEmail(5_000, 1)).isTrue();
        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(received).hasSize(1);
        assertThat(received[0].getSubject()).isEqualTo("through postern");
        assertThat(received[0].getContent().toString()).contains(".a line that starts with a dot");
    }

    @Test
    void neverLogsThePassword() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level level = root.getLevel();
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        root.addAppender(appender);
        root.setLevel(Level.DEBUG);
        try (FakeSmtpServer upstream = new FakeSmtpServer()) {
            postern = SmtpTestSupport.start(dir, "proxy_smtp_auth = on\nsmtp_auth = [login, plain]",
                    request -> StaticAuthModule.answer(new AuthDecision.Accepted(Optional.empty(), Optional.empty(),
                            Optional.of(upstream.address()), Map.of())));
            try (ScriptClient c = new ScriptClient(postern.address())) {
                c.run("""
                        S: 220 .*
                        C: AUTH LOGIN
                        S: 334 .*
                        C: %s
                        S: 334 .*
                        C: %s
                        S: 235 2\\.0\\.0 OK
                        C: QUIT
                        S: 221 .*
                        """.formatted(SmtpTestSupport.base64(USER), SmtpTestSupport.base64(PASSWORD)));
            }
            assertThat(upstream.awaitCommands(4)).contains(SmtpUpstreamLogin.authPlainLine(USER, PASSWORD));
            postern.close();
            postern = null;
        } finally {
            root.setLevel(level);
            root.detachAppender(appender);
        }
        assertThat(appender.list).isNotEmpty();
        for (ILoggingEvent event : appender.list) {
            String text = event.getFormattedMessage() + " " + event.getMDCPropertyMap()
                    + (event.getThrowableProxy() == null ? "" : event.getThrowableProxy().getMessage());
            assertThat(text).doesNotContain(PASSWORD).doesNotContain(SmtpTestSupport.base64(PASSWORD))
                    .doesNotContain(plain(USER, PASSWORD));
        }
    }
}
