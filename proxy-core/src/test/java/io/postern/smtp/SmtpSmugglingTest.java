package io.postern.smtp;

import static io.postern.smtp.SmtpTestSupport.PASSWORD;
import static io.postern.smtp.SmtpTestSupport.USER;
import static io.postern.smtp.SmtpTestSupport.plain;
import static org.assertj.core.api.Assertions.assertThat;

import io.postern.testing.PosternFixture;
import io.postern.testing.ScriptClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SMTP smuggling after login (CVE-2023-51764, -51765, -51766; SEC Consult, "SMTP Smuggling -
 * Spoofing E-Mails Worldwide", December 2023): a logged-in client ends its message with an
 * end-of-data that is not {@code CRLF.CRLF}, which a lenient upstream takes for the end, and
 * writes a second, spoofed transaction behind it. The upstream here is the most lenient
 * possible: {@link FakeSmtpServer} reads lines with {@code BufferedReader}, for which CR, LF
 * and CRLF all end a line, so every variant ends its data. Postern runs with
 * {@code xclient = off} and no post-login filter, the configuration that used to get the raw
 * relay.
 */
class SmtpSmugglingTest {

    private static final String SMUGGLED_MAIL = "MAIL FROM:<ceo@victim.test>";
    private static final String SMUGGLED = SMUGGLED_MAIL + "\r\nRCPT TO:<test@example.com>\r\nDATA\r\n"
            + "Subject: smuggled\r\n\r\nsmuggled\r\n.\r\n";
    private static final String LOGIN_AND_ENVELOPE = """
            S: 220 .*
            C: EHLO client.example
            S: 250-postern\\.test
            S: 250 AUTH PLAIN LOGIN
            C: AUTH PLAIN %s
            S: 235 2\\.0\\.0 OK
            C: MAIL FROM:<test@example.com>
            S: 250 .*
            C: RCPT TO:<test@example.com>
            S: 250 .*
            C: DATA
            S: 354 .*
            """.formatted(plain(USER, PASSWORD));

    @TempDir
    Path dir;

    private FakeSmtpServer upstream;
    private PosternFixture postern;

    @AfterEach
    void stop() throws Exception {
        if (postern != null) {
            postern.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    /** The end-of-data sequences of the research, each one that some SMTP server took for the end. */
    static Stream<Arguments> endsOfData() {
        return Stream.of(
                Arguments.of("LF.LF", "\n.\n"),
                Arguments.of("LF.CRLF", "\n.\r\n"),
                Arguments.of("CR.CRLF", "\r.\r\n"),
                Arguments.of("CRLF.CR", "\r\n.\r"),
                Arguments.of("CRLF.LF", "\r\n.\n"),
                Arguments.of("LF.CR", "\n.\r"),
                Arguments.of("CR.CR", "\r.\r"),
                Arguments.of("CR.LF", "\r.\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endsOfData")
    void aSmuggledSecondMessageNeverReachesTheUpstreamByDefault(String name, String endOfData) throws Exception {
        start("xclient = off");
        try (ScriptClient c = new ScriptClient(postern.address())) {
            c.run(LOGIN_AND_ENVELOPE);
            c.sendBytes(("Subject: first\r\n\r\nfirst" + endOfData + SMUGGLED).getBytes(StandardCharsets.US_ASCII));
            c.run("""
                    S: 550 5\\.5\\.2 .*bare CR or LF.*
                    S: <closed>
                    """);
        }
        assertThat(upstream.awaitCommands(4)).as("the upstream got the first transaction")
                .contains("MAIL FROM:<test@example.com>", "DATA");
        assertThat(upstream.commands()).as("and nothing of the smuggled one")
                .doesNotContain(SMUGGLED_MAIL, "Subject: smuggled", "smuggled");
    }

    @Test
    void aBareCrInsideACommandLineIsRefusedAndNeverReachesTheUpstream() throws Exception {
        start("xclient = off");
        try (ScriptClient c = new ScriptClient(postern.address())) {
            c.run(LOGIN_AND_ENVELOPE.substring(0, LOGIN_AND_ENVELOPE.indexOf("C: MAIL")));
            c.sendBytes(("NOOP\r" + SMUGGLED_MAIL + "\r\nRSET\r\n").getBytes(StandardCharsets.US_ASCII));
            c.run("""
                    S: 500 5\\.5\\.2 Bare CR not allowed
                    S: 250 .*
                    C: QUIT
                    S: 221 .*
                    """);
        }
        assertThat(upstream.awaitCommands(3)).contains("RSET").doesNotContain(SMUGGLED_MAIL);
    }

    @Test
    void offGivesTheRawRelayBackWhenNothingElseNeedsFraming() throws Exception {
        start("xclient = off\nsmtp_forbid_bare_newline = off");
        try (ScriptClient c = new ScriptClient(postern.address())) {
            c.run(LOGIN_AND_ENVELOPE);
            c.sendBytes(("Subject: first\r\n\r\nfirst\n.\n" + SMUGGLED).getBytes(StandardCharsets.US_ASCII));
            c.run("""
                    S: 250 .*
                    S: 250 .*
                    S: 250 .*
                    S: 354 .*
                    S: 250 .*
                    """);
        }
        assertThat(upstream.awaitCommands(8)).as("bytes relayed as they came: the lenient upstream was fooled")
                .contains(SMUGGLED_MAIL, "Subject: smuggled");
    }

    @Test
    void offStillFramesAServerWithXclientOn() throws Exception {
        start("xclient = on\nsmtp_forbid_bare_newline = off");
        try (ScriptClient c = new ScriptClient(postern.address())) {
            c.run("""
                    S: 220 .*
                    C: EHLO client.example
                    S: 250-postern\\.test
                    S: 250 AUTH PLAIN LOGIN
                    C: AUTH PLAIN %s
                    S: 235 2\\.0\\.0 OK
                    C: XCLIENT LOGIN=someone-else
                    S: 550 5\\.7\\.0 XCLIENT not allowed
                    C: QUIT
                    S: 221 .*
                    """.formatted(plain(USER, PASSWORD)));
        }
        assertThat(upstream.commands()).noneMatch(line -> line.contains("someone-else"));
    }

    private void start(String directives) throws Exception {
        upstream = new FakeSmtpServer();
        postern = SmtpTestSupport.start(dir, directives, SmtpTestSupport.nginxTestAuth(upstream.address()));
    }
}
