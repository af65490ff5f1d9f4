package io.postern.smtp;

import static io.postern.smtp.SmtpTestSupport.PASSWORD;
import static io.postern.smtp.SmtpTestSupport.USER;
import static io.postern.smtp.SmtpTestSupport.base64;
import static io.postern.smtp.SmtpTestSupport.plain;
import static org.assertj.core.api.Assertions.assertThat;

import io.postern.spi.AuthDecision;
import io.postern.spi.Authenticator;
import io.postern.testing.PosternFixture;
import io.postern.testing.ScriptClient;
import io.postern.testing.StaticAuthModule;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** nginx's mail_smtp.t and friends as byte-exact C:/S: scripts, through Postern to a fake Postfix. */
class SmtpPreLoginScriptTest {

    /** mail_smtp.t's server: every mechanism and none, xclient off. */
    private static final String NGINX_TEST = "xclient = off\nsmtp_auth = [login, plain, none, cram-md5, external]";

    @TempDir
    Path dir;

    private FakeSmtpServer upstream;
    private PosternFixture postern;

    @BeforeEach
    void startUpstream() throws Exception {
        upstream = new FakeSmtpServer();
    }

    @AfterEach
    void stop() throws Exception {
        if (postern != null) {
            postern.close();
        }
        upstream.close();
    }

    private ScriptClient start(String directives) throws Exception {
        return start(directives, SmtpTestSupport.nginxTestAuth(upstream.address()));
    }

    private ScriptClient start(String directives, Authenticator authenticator) throws Exception {
        postern = SmtpTestSupport.start(dir, directives, authenticator);
        return new ScriptClient(postern.address());
    }

    @Test
    void greetsAndAnswersEhloWithCapabilitiesThenAuthAsTheLastLine() throws Exception {
        try (ScriptClient c = start("smtp_capabilities = [PIPELINING, \"SIZE 10485760\", CHUNKING, 8BITMIME]")) {
            c.run("""
                    S: 220 postern\\.test ESMTP ready
                    C: EHLO client.example
                    S: 250-postern\\.test
                    S: 250-PIPELINING
                    S: 250-SIZE 10485760
                    S: 250-8BITMIME
                    S: 250 AUTH PLAIN LOGIN
                    C: HELO client.example
                    S: 250 postern\\.test
                    C: QUIT
                    S: 221 2\\.0\\.0 Bye
                    S: <closed>
                    """);
        }
    }

    @Test
    void endsEhloWithTheLastCapabilityWhenNoMechanismIsOffered() throws Exception {
        try (ScriptClient c = start("smtp_auth = [none]\nsmtp_capabilities = [PIPELINING]")) {
            c.run("""
                    S: 220 .*
                    C: EHLO client.example
                    S: 250-postern\\.test
                    S: 250 PIPELINING
                    C: AUTH PLAIN
                    S: 500 5\\.5\\.1 Invalid command
                    """);
        }
        postern.close();
        postern = null;
        try (ScriptClient c = start("smtp_auth = [none]")) {
            c.run("""
                    S: 220 .*
                    C: EHLO client.example
                    S: 250 postern\\.test
                    """);
        }
    }

    @Test
    void offersEveryConfiguredMechanismInNginxOrder() throws Exception {
        try (ScriptClient c = start("smtp_auth = [external, cram-md5, login, plain]")) {
            c.run("""
                    S: 220 .*
                    C: ehlo client.example
                    S: 250-postern\\.test
                    S: 250 AUTH PLAIN LOGIN CRAM-MD5 EXTERNAL
                    """);
        }
    }

    @Test
    void refusesHeloAndEhloWithoutExactlyOneArgument() throws Exception {
        try (ScriptClient c = start(NGINX_TEST)) {
            c.run("""
                    S: 220 .*
                    C: EHLO
                    S: 501 5\\.5\\.4 Invalid argument
                    C: HELO a b
                    S: 501 5\\.5\\.4 Invalid argument
                    C: AUTH
                    S: 501 5\\.5\\.4 Invalid argument
                    C: NOOP
                    S: 250 2\\.0\\.0 OK
                    """);
        }
    }

    @Test
    void answersUnsupportedCommandsAsInvalid() throws Exception {
        try (ScriptClient c = start(NGINX_TEST)) {
            c.run("""
                    S: 220 .*
                    C: VRFY postmaster
                    S: 500 5\\.5\\.1 Invalid command
                    C: EXPN staff
                    S: 500 5\\.5\\.1 Invalid command
                    C: HELP
                    S: 500 5\\.5\\.1 Invalid command
                    C: DATA
                    S: 500 5\\.5\\.1 Invalid command
                    """);
        }
        postern.close();
        postern = null;
        try (ScriptClient c = start(NGINX_TEST)) {
            c.run("""
                    S: 220 .*
                    C: STARTTLS
                    S: 500 5\\.5\\.1 Invalid command
                    C: BDAT 10 LAST
                    S: 500 5\\.5\\.1 Invalid command
                    """);
        }
    }

    @Test
    void refusesABadPasswordThenRelaysAfterTheGoodOne() throws Exception {
        try (ScriptClient c = start(NGINX_TEST)) {
            c.run("""
                    S: 220 .*
                    C: EHLO example.com
                    S: 250-postern\\.test
                    S: 250 AUTH PLAIN LOGIN CRAM-MD5 EXTERNAL
                    C: AUTH PLAIN %s
                    S: 535 5\\.7\\.0 Authentication failed
                    C: AUTH PLAIN %s
                    S: 235 2\\.0\\.0 OK
                    C: MAIL FROM:<test@example.com> SIZE=100
                    S: 250 2\\.1\\.0 Ok
                    C: RSET
                    S: 250 2\\.0\\.0 Ok
                    C: MAIL FROM:<test@xn--e1afmkfd.xn--80akhbyknj4f> SIZE=100
                    S: 250 2\\.1\\.0 Ok
                    C: QUIT
                    S: 221 2\\.0\\.0 Bye
                    S: <closed>
                    """.formatted(plain(USER, "bad"), plain(USER, PASSWORD)));
        }
        assertThat(upstream.awaitCommands(5)).containsExactly("EHLO postern.test", "MAIL FROM:<test@example.com> SIZE=100",
                "RSET", "MAIL FROM:<test@xn--e1afmkfd.xn--80akhbyknj4f> SIZE=100", "QUIT");
    }

    @Test
    void authenticatesWithLoginInBothForms() throws Exception {
        try (ScriptClient c = start(NGINX_TEST)) {
            c.run("""
                    S: 220 .*
                    C: AUTH LOGIN
                    S: 334 VXNlcm5hbWU6
                    C: %s
                    S: 334 UGFzc3dvcmQ6
                    C: %s
                    S: 235 2\\.0\\.0 OK
                    """.formatted(base64(USER), base64(PASSWORD)));
        }
        try (ScriptClient c = new ScriptClient(postern.address())) {
            c.run("""
                    S: 220 .*
                    C: AUTH LOGIN %s
                    S: 334 UGFzc3dvcmQ6
                    C: %s
                    S: 235 2\\.0\\.0 OK
                    """.formatted(base64(USER), base64(PASSWORD)));
        }
    }

    @Test
    void authenticatesWithPlainAfterAnEmptyChallenge() throws Exception {
        try (ScriptClient c = start(NGINX_TEST)) {
            c.run("""
                    S: 220 .*
                    C: AUTH PLAIN
                    S: 334 $
                    C: %s
                    S: 235 2\\.0\\.0 OK
                    """.formatted(plain(USER, PASSWORD)));
        }
    }

    @Test
    void authenticatesWithCramMd5AndExternal() throws Exception {
        try (ScriptClient c = start(NGINX_TEST)) {
            c.run("S: 220 .*\nC: AUTH CRAM-MD5");
            String challenge = c.readLine();
            assertThat(challenge).startsWith("334 ");
            String salt = new String(java.util.Base64.getDecoder().decode(challenge.substring(4)));
            assertThat(salt).matches("<\\d+\\.\\d+@postern\\.test>");
            c.run("""
                    C: %s
                    S: 235 2\\.0\\.0 OK
                    """.formatted(base64(USER + " " + "0".repeat(32))));
        }
        try (ScriptClient c = new ScriptClient(postern.address())) {
            c.run("""
                    S: 220 .*
                    C: AUTH EXTERNAL
                    S: 334 VXNlcm5hbWU6
                    C: %s
                    S: 235 2\\.0\\.0 OK
                    """.formatted(base64(USER)));
        }
        try (ScriptClient c = new ScriptClient(postern.address())) {
            c.run("S: 220 .*\nC: AUTH EXTERNAL %s\nS: 235 2\\.0\\.0 OK".formatted(base64(USER)));
        }
    }

    @Test
    void refusesMechanismsNotConfiguredAndBadBase64() throws Exception {
        try (ScriptClient c = start("smtp_auth = [plain]")) {
            c.run("""
                    S: 220 .*
                    C: AUTH CRAM-MD5
                    S: 500 5\\.5\\.1 Invalid command
                    C: AUTH LOGIN
                    S: 500 5\\.5\\.1 Invalid command
                    C: AUTH PLAIN !!notbase64
                    S: 500 5\\.5\\.1 Invalid command
                    C: AUTH PLAIN
                    S: 334 $
                    C: *
                    S: 501 5\\.7\\.0 Authentication cancelled
                    C: NOOP
                    S: 250 2\\.0\\.0 OK
                    """);
        }
    }

    @Test
    void answersPipelinedInvalidCommandAndRsetInOrder() throws Exception {
        try (ScriptClient c = start(NGINX_TEST)) {
            c.run("""
                    S: 220 .*
                    C| INVALID COMMAND WITH ARGUMENTS
                    C: RSET
                    S: 500 5\\.5\\.1 Invalid command
                    S: 250 2\\.0\\.0 OK
                    """);
        }
    }

    @Test
    void answersMailPipelinedAfterAFailedAuthLocally() throws Exception {
        try (ScriptClient c = start("xclient = off")) {
            c.run("""
                    S: 220 .*
                    C| AUTH PLAIN %s
                    C: MAIL FROM:<test@example.com> SIZE=100
                    S: 535 5\\.7\\.0 Authentication failed
                    S: 530 5\\.7\\.1 Authentication required
                    C: RCPT TO:<test@example.com>
                    S: 503 5\\.5\\.1 Bad sequence of commands
                    """.formatted(plain(USER, "bad")));
        }
        assertThat(upstream.commands()).isEmpty();
    }

    @Test
    void forwardsMailPipelinedAfterAGoodAuthToTheUpstream() throws Exception {
        try (ScriptClient c = start("xclient = off")) {
            c.run("""
                    S: 220 .*
                    C| EHLO example.com
                    C| AUTH PLAIN %s
                    C| MAIL FROM:<test@example.com> SIZE=100
                    C: RCPT TO:<rcpt@example.com>
                    S: 250-postern\\.test
                    S: 250 AUTH PLAIN LOGIN
                    S: 235 2\\.0\\.0 OK
                    S: 250 2\\.1\\.0 Ok
                    S: 250 2\\.1\\.5 Ok
                    """.formatted(plain(USER, PASSWORD)));
        }
        assertThat(upstream.awaitCommands(3)).containsExactly("EHLO postern.test",
                "MAIL FROM:<test@example.com> SIZE=100", "RCPT TO:<rcpt@example.com>");
    }

    @Test
    void takesMailLocallyAndAsksTheAuthPhaseAtRcptInNoneMode() throws Exception {
        try (ScriptClient c = start(NGINX_TEST)) {
            c.run("""
                    S: 220 .*
                    C: EHLO example.com
                    S: 250-postern\\.test
                    S: 250 AUTH PLAIN LOGIN CRAM-MD5 EXTERNAL
                    C: MAIL FROM:<test@example.com> SIZE=100
                    S: 250 2\\.0\\.0 OK
                    C: MAIL FROM:<again@example.com>
                    S: 503 5\\.5\\.1 Bad sequence of commands
                    C: RCPT TO:<test@example.com>
                    S: 250 2\\.1\\.5 Ok
                    C: RSET
                    S: 250 2\\.0\\.0 Ok
                    """);
        }
        assertThat(upstream.awaitCommands(4)).containsExactly("EHLO postern.test",
                "MAIL FROM:<test@example.com> SIZE=100", "RCPT TO:<test@example.com>", "RSET");
    }

    @Test
    void answersPipelinedMailRcptRsetInNoneMode() throws Exception {
        try (ScriptClient c = start(NGINX_TEST)) {
            c.run("""
                    S: 220 .*
                    C: EHLO example.com
                    S: 250-postern\\.test
                    S: 250 .*
                    C| MAIL FROM:<test@example.com> SIZE=100
                    C| RCPT TO:<test@example.com>
                    C: RSET
                    S: 250 2\\.0\\.0 OK
                    S: 250 2\\.1\\.5 Ok
                    S: 250 2\\.0\\.0 Ok
                    """);
        }
    }

    @Test
    void relaysTheUpstreamsRefusalOfRcptAndStaysConnected() throws Exception {
        try (ScriptClient c = start(NGINX_TEST)) {
            c.run("""
                    S: 220 .*
                    C: EHLO example.com
                    S: 250-postern\\.test
                    S: 250 .*
                    C: MAIL FROM:<test@example.com> SIZE=100
                    S: 250 2\\.0\\.0 OK
                    C: RCPT TO:<example.com>
                    S: 501 5\\.1\\.3 Bad recipient address syntax
                    C: RCPT TO:<test@example.com>
                    S: 250 2\\.1\\.5 Ok
                    """);
        }
    }

    @Test
    void refusesARecipientTheAuthPhaseDeniesAndLetsTheClientTryAnother() throws Exception {
        try (ScriptClient c = start(NGINX_TEST)) {
            c.run("""
                    S: 220 .*
                    C: MAIL FROM:<test@example.com>
                    S: 250 2\\.0\\.0 OK
                    C: RCPT TO:<someone@elsewhere.test>
                    S: 535 5\\.7\\.0 Authentication failed
                    C: RCPT TO:<test@example.com>
                    S: 250 2\\.1\\.5 Ok
                    """);
        }
        assertThat(upstream.awaitCommands(3)).containsExactly("HELO postern.test", "MAIL FROM:<test@example.com>",
                "RCPT TO:<test@example.com>");
    }

    @Test
    void handlesACommandSplitAcrossPackets() throws Exception {
        try (ScriptClient c = start(NGINX_TEST)) {
            c.run("S: 220 .*");
            c.send("HEL");
            Thread.sleep(50);
            c.send("O example.com\r\n");
            c.run("S: 250 postern\\.test");
            c.send("RS");
            Thread.sleep(50);
            c.send("ET\r\n");
            c.run("S: 250 2\\.0\\.0 OK");
        }
    }

    @Test
    void answersAndClosesWhenACommandExceedsSmtpClientBuffer() throws Exception {
        try (ScriptClient c = start(NGINX_TEST + "\nsmtp_client_buffer = 128")) {
            c.run("""
                    S: 220 .*
                    C: EHLO example.com
                    S: 250-postern\\.test
                    S: 250 .*
                    """);
            c.send("MAIL FROM:<test@example.com> SIZE=100\r\nRCPT TO:<" + "x".repeat(200) + "@example.com>\r\nRSET\r\n");
            c.run("""
                    S: 250 2\\.0\\.0 OK
                    S: 500 5\\.5\\.1 Invalid command
                    S: <closed>
                    """);
        }
    }

    @Test
    void aSmallClientBufferLimitsOnlyTheCommandsBeforeLoginNotThoseTheFramedRelayPassesOn() throws Exception {
        String sender = "MAIL FROM:<" + "s".repeat(100) + "@example.com>"; // longer than 64, shorter than 1k
        try (ScriptClient c = start(NGINX_TEST + "\nsmtp_client_buffer = 64")) {
            c.run("""
                    S: 220 .*
                    C: AUTH PLAIN %s
                    S: 235 2\\.0\\.0 OK
                    C: %s
                    S: 250 2\\.1\\.0 Ok
                    """.formatted(plain(USER, PASSWORD), sender));
        }
        assertThat(upstream.awaitCommands(2)).contains(sender);
    }

    @Test
    void honoursASmallSmtpClientBufferAsNginxDoesToTheByte() throws Exception {
        String fits = "NOOP " + "x".repeat(64 - 5 - 2); // 64 bytes with its CRLF
        try (ScriptClient c = start(NGINX_TEST + "\nsmtp_client_buffer = 64")) {
            c.run("""
                    S: 220 .*
                    C: %s
                    S: 250 2\\.0\\.0 OK
                    C: %sx
                    S: 500 5\\.5\\.1 Invalid command
                    S: <closed>
                    """.formatted(fits, fits));
        }
    }

    @Test
    void countsTowardMaxErrorsOnlyWhatNginxsParserCannotRead() throws Exception {
        try (ScriptClient c = start("xclient = off\nsmtp_auth = [plain, login]\nmax_errors = 2")) {
            c.run("""
                    S: 220 .*
                    C: VRFY x
                    S: 500 5\\.5\\.1 Invalid command
                    C: EXPN x
                    S: 500 5\\.5\\.1 Invalid command
                    C: HELP
                    S: 500 5\\.5\\.1 Invalid command
                    C: STARTTLS
                    S: 500 5\\.5\\.1 Invalid command
                    C: AUTH FOO
                    S: 5\\d\\d .*
                    C: AUTH CRAM-MD5
                    S: 5\\d\\d .*
                    C: AUTH PLAIN
                    S: 334 .*
                    C: !!!not-base64!!!
                    S: 5\\d\\d .*
                    C: NOOP
                    S: 250 2\\.0\\.0 OK
                    C: FOO
                    S: 500 5\\.5\\.1 Invalid command
                    C: 1HELO x
                    S: 500 5\\.5\\.1 Invalid command
                    S: <closed>
                    """);
        }
    }

    @Test
    void closesAfterMaxCommandsWithTheInvalidCommandAnswer() throws Exception {
        try (ScriptClient c = start(NGINX_TEST + "\nmax_commands = 3")) {
            c.run("""
                    S: 220 .*
                    C: NOOP
                    S: 250 2\\.0\\.0 OK
                    C: FOO
                    S: 500 5\\.5\\.1 Invalid command
                    C: AUTH LOGIN
                    S: 334 VXNlcm5hbWU6
                    C: dXNlcg==
                    S: 334 UGFzc3dvcmQ6
                    C: RSET
                    S: 500 5\\.5\\.1 Invalid command
                    S: <closed>
                    """);
        }
    }

    @Test
    void closesAfterMaxErrorsInvalidCommands() throws Exception {
        try (ScriptClient c = start(NGINX_TEST + "\nmax_errors = 2")) {
            c.run("""
                    S: 220 .*
                    C: FOO
                    S: 500 5\\.5\\.1 Invalid command
                    C: BAR
                    S: 500 5\\.5\\.1 Invalid command
                    S: <closed>
                    """);
        }
        try (ScriptClient c = new ScriptClient(postern.address())) {
            c.run("""
                    S: 220 .*
                    C| FOO
                    C| BAR
                    C: NOOP
                    S: 500 5\\.5\\.1 Invalid command
                    S: 500 5\\.5\\.1 Invalid command
                    S: <closed>
                    """);
        }
    }

    @Test
    void closesAfterARejectionWithoutRetryUsingTheDecisionsCode() throws Exception {
        Authenticator reject = request -> StaticAuthModule.answer(new AuthDecision.Rejected("Relay denied",
                Optional.empty(), Optional.of("550 5.7.1")));
        try (ScriptClient c = start("", reject)) {
            c.run("""
                    S: 220 .*
                    C: AUTH PLAIN %s
                    S: 550 5\\.7\\.1 Relay denied
                    S: <closed>
                    """.formatted(plain(USER, PASSWORD)));
        }
    }

    @Test
    void answersTheInternalErrorAndClosesWhenTheAuthPhaseFails() throws Exception {
        Authenticator failing = request -> StaticAuthModule.answer(new AuthDecision.Failed("backend down"));
        try (ScriptClient c = start("", failing)) {
            c.run("""
                    S: 220 .*
                    C: AUTH PLAIN %s
                    S: 451 4\\.3\\.2 Internal server error
                    S: <closed>
                    """.formatted(plain(USER, PASSWORD)));
        }
    }

    @Test
    void rejectsAnEarlyTalkerBeforeTheDelayedGreeting() throws Exception {
        try (ScriptClient c = start("smtp_greeting_delay = 500ms")) {
            c.run("""
                    C: HELO example.com
                    S: 503 5\\.5\\.0 Improper use of SMTP command pipelining
                    S: <closed>
                    """);
        }
        try (ScriptClient c = new ScriptClient(postern.address())) {
            c.run("""
                    S: 220 postern\\.test ESMTP ready
                    C: HELO example.com
                    S: 250 postern\\.test
                    """);
        }
    }
}
