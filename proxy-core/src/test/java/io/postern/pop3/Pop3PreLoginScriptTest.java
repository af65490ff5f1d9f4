package io.postern.pop3;

import static io.postern.pop3.Pop3Postern.b64;
import static org.assertj.core.api.Assertions.assertThat;

import io.postern.spi.AuthDecision;
import io.postern.spi.Credentials;
import io.postern.testing.ScriptClient;
import io.postern.testing.StaticAuthModule;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The POP3 dialogue before login, byte-exact, as nginx's mail_pop3.t, mail_capability.t and
 * mail_max_errors.t check it: greeting, CAPA, AUTH listing, invalid commands and their
 * limits, SASL challenges. Logins go through to GreenMail.
 */
class Pop3PreLoginScriptTest {

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

    @Test
    void greetsWithoutSaltWhenNeitherApopNorCramMd5IsEnabled() throws Exception {
        try (ScriptClient c = start("")) {
            c.run("""
                    S: \\+OK POP3 ready
                    C: noop
                    S: \\+OK
                    C: QUIT
                    S: \\+OK
                    S: <closed>
                    """);
        }
    }

    @Test
    void greetsWithASaltWhenApopOrCramMd5IsEnabled() throws Exception {
        for (String auth : new String[] {"[plain, apop]", "[cram-md5]"}) {
            try (ScriptClient c = start("pop3_auth = " + auth)) {
                c.run("S: " + Pop3Postern.SALTED_GREETING);
            }
        }
    }

    @Test
    void listsCapabilitiesWithUserAndSaslMechanismsInNginxOrder() throws Exception {
        try (ScriptClient c = start("pop3_auth = [cram-md5, plain, apop]")) {
            c.run("""
                    S: .*
                    C: CAPA
                    S: \\+OK Capability list follows
                    S: TOP
                    S: USER
                    S: UIDL
                    S: SASL PLAIN LOGIN CRAM-MD5
                    S: \\.
                    """);
        }
    }

    @Test
    void listsConfiguredCapabilitiesAndLeavesOutSaslWhenNoMechanismIsEnabled() throws Exception {
        try (ScriptClient c = start("pop3_auth = [apop]\npop3_capabilities = [TOP, USER, PIPELINING, \"EXPIRE 60\"]")) {
            c.run("""
                    S: .*
                    C: CAPA
                    S: \\+OK Capability list follows
                    S: TOP
                    S: PIPELINING
                    S: EXPIRE 60
                    S: \\.
                    C: USER bob
                    S: -ERR invalid command
                    C: AUTH
                    S: \\+OK methods supported:
                    S: \\.
                    """);
        }
    }

    @Test
    void listsAuthMethodsAsNginxDoes() throws Exception {
        try (ScriptClient c = start(ALL_AUTH)) {
            c.run("""
                    S: .*
                    C: AUTH
                    S: \\+OK methods supported:
                    S: PLAIN
                    S: LOGIN
                    S: CRAM-MD5
                    S: EXTERNAL
                    S: \\.
                    """);
        }
    }

    @Test
    void answersCapaAndNoopAfterUserButStartsOverOnAnythingElse() throws Exception {
        try (ScriptClient c = start("")) {
            c.run("""
                    S: .*
                    C: USER bob
                    S: \\+OK
                    C: CAPA
                    S: \\+OK Capability list follows
                    S: TOP
                    S: USER
                    S: UIDL
                    S: SASL PLAIN LOGIN
                    S: \\.
                    C: NOOP
                    S: \\+OK
                    C: AUTH
                    S: -ERR invalid command
                    C: PASS secret
                    S: -ERR invalid command
                    C: STLS
                    S: -ERR invalid command
                    """);
        }
    }

    @Test
    void refusesMalformedCommandsAsNginxDoes() throws Exception {
        try (ScriptClient c = start(ALL_AUTH + "\nmax_errors = 20")) {
            c.run("""
                    S: .*
                    C: USER
                    S: -ERR invalid command
                    C: NOOPS
                    S: -ERR invalid command
                    C: NOP
                    S: -ERR invalid command
                    C:
                    S: -ERR invalid command
                    C: APOP bob
                    S: -ERR invalid command
                    C: NOOP a b c d
                    S: -ERR invalid command
                    C: RETR 1
                    S: -ERR invalid command
                    C: AUTH DIGEST-MD5
                    S: -ERR invalid command
                    C: AUTH CRAM-MD5 aW5pdGlhbA==
                    S: -ERR invalid command
                    C: NOOP a b c
                    S: \\+OK
                    """);
        }
    }

    @Test
    void refusesApopAndMechanismsThatAreNotConfigured() throws Exception {
        try (ScriptClient c = start("pop3_auth = [plain]")) {
            c.run("""
                    S: \\+OK POP3 ready
                    C: APOP bob 00000000000000000000000000000000
                    S: -ERR invalid command
                    C: AUTH CRAM-MD5
                    S: -ERR invalid command
                    C: AUTH EXTERNAL
                    S: -ERR invalid command
                    """);
        }
    }

    @Test
    void cancelsASaslExchangeWithAStar() throws Exception {
        try (ScriptClient c = start("")) {
            c.run("""
                    S: .*
                    C: AUTH LOGIN
                    S: \\+ VXNlcm5hbWU6
                    C: *
                    S: -ERR authentication cancelled
                    C: AUTH PLAIN
                    S: \\+\\x20
                    C: *
                    S: -ERR authentication cancelled
                    C: NOOP
                    S: \\+OK
                    """);
        }
    }

    @Test
    void answersBadBase64AsAnInvalidCommand() throws Exception {
        try (ScriptClient c = start("")) {
            c.run("""
                    S: .*
                    C: AUTH PLAIN
                    S: \\+\\x20
                    C: not base64!
                    S: -ERR invalid command
                    C: NOOP
                    S: \\+OK
                    """);
        }
    }

    @Test
    void closesAfterMaxErrorsInvalidCommands() throws Exception {
        try (ScriptClient c = start("max_errors = 2")) {
            c.run("""
                    S: .*
                    C: FOO
                    S: -ERR invalid command
                    C: BAR
                    S: -ERR invalid command
                    S: <closed>
                    """);
        }
    }

    @Test
    void honoursASmallPop3ClientBufferToTheByte() throws Exception {
        String fits = "NOOP " + "x".repeat(64 - 5 - 2); // 64 bytes with its CRLF
        try (ScriptClient c = start("pop3_client_buffer = 64")) {
            c.run("""
                    S: .*
                    C: %s
                    S: \\+OK
                    C: %sx
                    S: -ERR invalid command
                    S: <closed>
                    """.formatted(fits, fits));
        }
    }

    @Test
    void countsTowardMaxErrorsOnlyWhatNginxsParserCannotRead() throws Exception {
        try (ScriptClient c = start("max_errors = 2")) {
            c.run("""
                    S: .*
                    C: PASS secret
                    S: -ERR invalid command
                    C: STLS
                    S: -ERR invalid command
                    C: APOP user 0123456789abcdef0123456789abcdef
                    S: -ERR invalid command
                    C: AUTH FOO
                    S: -ERR invalid command
                    C: AUTH CRAM-MD5
                    S: -ERR invalid command
                    C: AUTH PLAIN
                    S: \\+ .*
                    C: !!!not-base64!!!
                    S: -ERR invalid command
                    C: USER
                    S: -ERR invalid command
                    C: NOOP
                    S: \\+OK
                    C: FOO
                    S: -ERR invalid command
                    C: NOOP a b c d
                    S: -ERR invalid command
                    S: <closed>
                    """);
        }
    }

    @Test
    void closesAfterMaxCommandsWithTheInvalidCommandAnswer() throws Exception {
        try (ScriptClient c = start("max_commands = 3")) {
            c.run("""
                    S: .*
                    C: NOOP
                    S: \\+OK
                    C: FOO
                    S: -ERR invalid command
                    C: AUTH PLAIN
                    S: \\+ .*
                    C: !!!not-base64!!!
                    S: -ERR invalid command
                    C: NOOP
                    S: -ERR invalid command
                    S: <closed>
                    """);
        }
    }

    @Test
    void closesAfterMaxErrorsPipelinedInvalidCommandsWithoutAnsweringTheRest() throws Exception {
        try (ScriptClient c = start("max_errors = 2")) {
            c.run("""
                    S: .*
                    C| FOO
                    C| BAR
                    C: NOOP
                    S: -ERR invalid command
                    S: -ERR invalid command
                    S: <closed>
                    """);
        }
    }

    @Test
    void answersPipelinedInvalidCommandAndNoopInOrder() throws Exception {
        try (ScriptClient c = start("")) {
            c.run("""
                    S: .*
                    C| INVALID COMMAND WITH ARGUMENTS
                    C: NOOP
                    S: -ERR invalid command
                    S: \\+OK
                    """);
        }
    }

    @Test
    void logsInWithAnOauthSizedLineWithinPop3ClientBuffer() throws Exception {
        String token = "t".repeat(2500); // base64 of the PLAIN response: about 3.4k
        postern.start(dir, "pop3_client_buffer = 4k", request -> StaticAuthModule.answer(
                request.credentials() instanceof Credentials.Plain p && p.password().equals(token)
                        ? new AuthDecision.Accepted(Optional.empty(),
                                Optional.of(Pop3GreenMail.PASSWORD),
                                Optional.of(postern.upstream.address()), Map.of())
                        : AuthDecision.rejected("no")));
        try (ScriptClient c = postern.client()) {
            c.run("""
                    S: .*
                    C: AUTH PLAIN %s
                    S: \\+OK.*
                    C: STAT
                    S: \\+OK 0 0
                    """.formatted(b64("\0" + Pop3GreenMail.USER + "\0" + token)));
        }
    }

    @Test
    void answersAndClosesOnALineLongerThanPop3ClientBuffer() throws Exception {
        try (ScriptClient c = start("pop3_client_buffer = 4k")) {
            c.run("S: .*");
            c.send("AUTH PLAIN " + "A".repeat(5000) + "\r\nNOOP\r\n");
            c.run("""
                    S: -ERR invalid command
                    S: <closed>
                    """);
        }
    }

    @Test
    void answersTheSameInputSentOneByteAtATime() throws Exception {
        try (ScriptClient c = start("")) {
            c.run("S: .*");
            for (byte b : "CAPA\r\nUSER x\r\nNOOP\r\n".getBytes(StandardCharsets.US_ASCII)) {
                c.sendBytes(new byte[] {b});
            }
            c.run("""
                    S: \\+OK Capability list follows
                    S: TOP
                    S: USER
                    S: UIDL
                    S: SASL PLAIN LOGIN
                    S: \\.
                    S: \\+OK
                    S: \\+OK
                    """);
        }
    }

    @Test
    void keepsSpacesInsideUserAndPassArguments() throws Exception {
        postern.start(dir, "", request -> {
            assertThat(request.credentials()).isInstanceOf(Credentials.Plain.class);
            Credentials.Plain plain = (Credentials.Plain) request.credentials();
            String seen = plain.user() + "|" + plain.password();
            return StaticAuthModule.answer(AuthDecision.rejected(seen));
        });
        try (ScriptClient c = postern.client()) {
            c.run("""
                    S: .*
                    C: user   John Smith
                    S: \\+OK
                    C: pass  a b  c
                    S: -ERR John Smith\\|a b  c
                    S: <closed>
                    """);
        }
    }

    @Test
    void sendsLoginChallengesForPipelinedAuthLogin() throws Exception {
        try (ScriptClient c = start("")) {
            c.run("""
                    S: .*
                    C| AUTH LOGIN
                    C| %s
                    C: %s
                    S: \\+ VXNlcm5hbWU6
                    S: \\+ UGFzc3dvcmQ6
                    S: \\+OK.*
                    """.formatted(b64(Pop3GreenMail.USER), b64(Pop3GreenMail.PASSWORD)));
        }
    }
}
