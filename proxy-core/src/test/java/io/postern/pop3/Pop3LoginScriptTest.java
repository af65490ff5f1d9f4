package io.postern.pop3;

import static io.postern.pop3.Pop3Postern.b64;
import static org.assertj.core.api.Assertions.assertThat;

import io.postern.spi.AuthDecision;
import io.postern.spi.Authenticator;
import io.postern.spi.UpstreamAddress;
import io.postern.testing.ScriptClient;
import io.postern.testing.StaticAuthModule;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * POP3 logins through Postern to GreenMail, as nginx's mail_pop3.t scripts them (USER/PASS,
 * APOP, AUTH PLAIN, LOGIN, CRAM-MD5, EXTERNAL), with pipelining behind the login, the relay
 * after it, and every way a login can fail.
 */
class Pop3LoginScriptTest {

    private static final String USER = Pop3GreenMail.USER;
    private static final String PASSWORD = Pop3GreenMail.PASSWORD;
    private static final String ALL_AUTH = "pop3_auth = [plain, apop, cram-md5, external]";

    @TempDir
    Path dir;

    private final Pop3Postern postern = new Pop3Postern();

    @AfterEach
    void stop() {
        postern.close();
        postern.stopUpstream();
    }

    private ScriptClient start(String directives) throws Exception {
        postern.start(dir, directives, postern.auth(true));
        return postern.client();
    }

    private ScriptClient start(String directives, Authenticator authenticator) throws Exception {
        postern.start(dir, directives, authenticator);
        return postern.client();
    }

    @Test
    void logsInWithUserAndPassAndRelaysTheUpstreamAnswer() throws Exception {
        try (ScriptClient c = start("")) {
            c.run("""
                    S: \\+OK POP3 ready
                    C: USER %s
                    S: \\+OK
                    C: PASS %s
                    S: \\+OK.*
                    C: STAT
                    S: \\+OK 0 0
                    C: QUIT
                    S: \\+OK.*
                    S: <closed>
                    """.formatted(USER, PASSWORD));
        }
    }

    @Test
    void needsUserAgainAfterAFailedPass() throws Exception {
        try (ScriptClient c = start("")) {
            c.run("""
                    S: .*
                    C: USER %1$s
                    S: \\+OK
                    C: PASS wrong
                    S: -ERR %3$s
                    C: PASS %2$s
                    S: -ERR invalid command
                    C: USER %1$s
                    S: \\+OK
                    C: PASS %2$s
                    S: \\+OK.*
                    """.formatted(USER, PASSWORD, Pop3TestAuth.REFUSAL));
        }
    }

    @Test
    void logsInWithApopOnlyWithTheRightDigest() throws Exception {
        try (ScriptClient c = start(ALL_AUTH)) {
            String greeting = c.readLine();
            assertThat(greeting).matches(Pop3Postern.SALTED_GREETING);
            String salt = Pop3Postern.salt(greeting);
            c.run("""
                    C: APOP %1$s %2$s
                    S: -ERR %3$s
                    C: APOP %1$s %4$s
                    S: \\+OK.*
                    """.formatted(USER, "1".repeat(32), Pop3TestAuth.REFUSAL, Pop3TestAuth.apop(salt, PASSWORD)));
        }
    }

    @Test
    void answersInternalErrorWhenTheAuthDecisionGivesNoPasswordForApop() throws Exception {
        try (ScriptClient c = start(ALL_AUTH, postern.auth(false))) {
            String salt = Pop3Postern.salt(c.readLine());
            c.run("""
                    C: APOP %s %s
                    S: -ERR internal server error
                    S: <closed>
                    """.formatted(USER, Pop3TestAuth.apop(salt, PASSWORD)));
        }
    }

    @Test
    void logsInWithAuthPlainWithAndWithoutInitialResponse() throws Exception {
        try (ScriptClient c = start(ALL_AUTH)) {
            c.run("""
                    S: .*
                    C: AUTH PLAIN %s
                    S: -ERR %s
                    C: AUTH PLAIN %s
                    S: \\+OK.*
                    """.formatted(b64("\0" + USER + "\0bad"), Pop3TestAuth.REFUSAL, b64("\0" + USER + "\0" + PASSWORD)));
        }
        try (ScriptClient c = postern.client()) {
            c.run("""
                    S: .*
                    C: AUTH PLAIN
                    S: \\+\\x20
                    C: %s
                    S: \\+OK.*
                    """.formatted(b64("\0" + USER + "\0" + PASSWORD)));
        }
    }

    @Test
    void logsInWithAuthLoginSimpleAndWithUsername() throws Exception {
        try (ScriptClient c = start(ALL_AUTH)) {
            c.run("""
                    S: .*
                    C: AUTH LOGIN
                    S: \\+ VXNlcm5hbWU6
                    C: %s
                    S: \\+ UGFzc3dvcmQ6
                    C: %s
                    S: \\+OK.*
                    """.formatted(b64(USER), b64(PASSWORD)));
        }
        try (ScriptClient c = postern.client()) {
            c.run("""
                    S: .*
                    C: AUTH LOGIN %s
                    S: \\+ UGFzc3dvcmQ6
                    C: %s
                    S: \\+OK.*
                    """.formatted(b64(USER), b64(PASSWORD)));
        }
    }

    @Test
    void logsInWithCramMd5OverTheGreetingSalt() throws Exception {
        try (ScriptClient c = start(ALL_AUTH)) {
            String salt = Pop3Postern.salt(c.readLine());
            c.run("""
                    C: AUTH CRAM-MD5
                    S: \\+ %s
                    C: %s
                    S: \\+OK.*
                    """.formatted(b64(salt), b64(USER + " " + Pop3TestAuth.cramMd5(salt, PASSWORD))));
        }
    }

    @Test
    void logsInWithExternalWithAndWithoutInitialResponse() throws Exception {
        try (ScriptClient c = start(ALL_AUTH)) {
            c.run("""
                    S: .*
                    C: AUTH EXTERNAL
                    S: \\+ VXNlcm5hbWU6
                    C: %s
                    S: \\+OK.*
                    """.formatted(b64(USER)));
        }
        try (ScriptClient c = postern.client()) {
            c.run("""
                    S: .*
                    C: AUTH EXTERNAL %s
                    S: \\+OK.*
                    """.formatted(b64(USER)));
        }
    }

    @Test
    void answersUserPassAndQuitPipelinedInOnePacket() throws Exception {
        try (ScriptClient c = start("")) {
            c.run("""
                    S: .*
                    C| USER %s
                    C| PASS %s
                    C: QUIT
                    S: \\+OK
                    S: \\+OK.*
                    S: \\+OK.*
                    S: <closed>
                    """.formatted(USER, PASSWORD));
        }
    }

    @Test
    void forwardsCommandsPipelinedBehindTheLoginToTheUpstreamInOrder() throws Exception {
        postern.upstream.deliver("first", "hello");
        try (ScriptClient c = start("")) {
            c.run("S: .*");
            c.send("USER " + USER + "\r\nPASS " + PASSWORD + "\r\nSTAT\r\nQUIT\r\n");
            c.run("""
                    S: \\+OK
                    S: \\+OK.*
                    S: \\+OK 1 \\d+
                    S: \\+OK.*
                    S: <closed>
                    """);
        }
    }

    @Test
    void retrievesAMessageThroughTheRelay() throws Exception {
        postern.upstream.deliver("Greetings from GreenMail", "line one\r\n.dotted line\r\n");
        try (ScriptClient c = start("")) {
            c.run("""
                    S: .*
                    C: USER %s
                    S: \\+OK
                    C: PASS %s
                    S: \\+OK.*
                    C: RETR 1
                    S: \\+OK.*
                    """.formatted(USER, PASSWORD));
            List<String> message = new ArrayList<>();
            for (String line = c.readLine(); !".".equals(line); line = c.readLine()) {
                assertThat(line).as("message line").isNotNull();
                message.add(line);
            }
            assertThat(message).contains("Subject: Greetings from GreenMail", "line one", "..dotted line");
            c.run("""
                    C: QUIT
                    S: \\+OK.*
                    S: <closed>
                    """);
        }
    }

    @Test
    void rejectsWithTheAuthMessageAndClosesWhenNoRetryIsAllowed() throws Exception {
        Authenticator reject = r -> StaticAuthModule.answer(AuthDecision.rejected("Invalid login or password"));
        try (ScriptClient c = start("", reject)) {
            c.run("""
                    S: .*
                    C: USER bob
                    S: \\+OK
                    C: PASS wrong
                    S: -ERR Invalid login or password
                    S: <closed>
                    """);
        }
    }

    @Test
    void answersInternalErrorWhenTheAuthPhaseFails() throws Exception {
        Authenticator failing = r -> StaticAuthModule.answer(new AuthDecision.Failed("backend down"));
        try (ScriptClient c = start("", failing)) {
            c.run("""
                    S: .*
                    C| USER bob
                    C: PASS secret
                    S: \\+OK
                    S: -ERR internal server error
                    S: <closed>
                    """);
        }
    }

    @Test
    void answersInternalErrorWhenTheUpstreamCannotBeReached() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Authenticator toNowhere = r -> StaticAuthModule.answer(
                AuthDecision.acceptedTo(new UpstreamAddress("127.0.0.1", closedPort)));
        try (ScriptClient c = start("", toNowhere)) {
            c.run("""
                    S: .*
                    C: USER bob
                    S: \\+OK
                    C: PASS secret
                    S: -ERR internal server error
                    S: <closed>
                    """);
        }
    }

    @Test
    void relaysTheUpstreamRefusalOnlyWithProxyPassErrorMessage() throws Exception {
        Authenticator wrongUpstreamPassword = r -> StaticAuthModule.answer(new AuthDecision.Accepted(
                Optional.empty(), Optional.of("not-the-password"), Optional.of(postern.upstream.address()), Map.of()));
        String script = """
                S: .*
                C: USER %s
                S: \\+OK
                C: PASS whatever
                S: %s
                S: <closed>
                """;
        try (ScriptClient c = start("proxy_pass_error_message = on", wrongUpstreamPassword)) {
            c.run(script.formatted(USER, "-ERR (?!internal server error).+"));
        }
        try (ScriptClient c = start("proxy_pass_error_message = off", wrongUpstreamPassword)) {
            c.run(script.formatted(USER, "-ERR internal server error"));
        }
    }

    @Test
    void refusesAnUpstreamPasswordThatWouldInjectACommand() throws Exception {
        Authenticator injecting = r -> StaticAuthModule.answer(new AuthDecision.Accepted(Optional.empty(),
                Optional.of(PASSWORD + "\r\nDELE 1"), Optional.of(postern.upstream.address()), Map.of()));
        try (ScriptClient c = start("", injecting)) {
            c.run("""
                    S: .*
                    C: USER %s
                    S: \\+OK
                    C: PASS whatever
                    S: -ERR internal server error
                    S: <closed>
                    """.formatted(USER));
        }
    }
}
