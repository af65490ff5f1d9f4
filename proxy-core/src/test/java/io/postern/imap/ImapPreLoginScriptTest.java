package io.postern.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.spi.AuthDecision;
import io.postern.spi.Authenticator;
import io.postern.spi.UpstreamAddress;
import io.postern.testing.PosternFixture;
import io.postern.testing.ScriptClient;
import io.postern.testing.StaticAuthModule;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Byte-exact IMAP dialogues through Postern to GreenMail, written as C:/S: scripts. */
class ImapPreLoginScriptTest {

    private static final String USER = GreenMailUpstream.USER;
    private static final String PASSWORD = GreenMailUpstream.PASSWORD;

    @TempDir
    Path dir;

    private GreenMailUpstream upstream;
    private PosternFixture postern;

    @BeforeEach
    void startUpstream() {
        upstream = new GreenMailUpstream();
    }

    @AfterEach
    void stop() {
        if (postern != null) {
            postern.close();
        }
        upstream.close();
    }

    private ScriptClient start(String mailDirectives, Authenticator authenticator) throws Exception {
        postern = PosternFixture.start(dir, "mail {\n" + mailDirectives + "\n"
                + "servers { imap { protocol = imap, listen = \"127.0.0.1:0\" } }\n}\n",
                StaticAuthModule.of(authenticator));
        return new ScriptClient(postern.address());
    }

    private Authenticator toGreenMail() {
        return StaticAuthModule.users(Map.of(USER, PASSWORD), AuthDecision.acceptedTo(upstream.address()));
    }

    @Test
    void answersCapabilityNoopAndLogoutInNginxWords() throws Exception {
        try (ScriptClient c = start("imap_auth = [login, plain]", toGreenMail())) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C: a1 CAPABILITY
                    S: \\* CAPABILITY IMAP4 IMAP4rev1 UIDPLUS AUTH=PLAIN AUTH=LOGIN
                    S: a1 OK completed
                    C: a2 noop
                    S: a2 OK completed
                    C: a3 LOGOUT
                    S: \\* BYE
                    S: a3 OK completed
                    S: <closed>
                    """);
        }
    }

    @Test
    void usesConfiguredGreetingAndCapabilities() throws Exception {
        try (ScriptClient c = start("imap_greeting = \"Postern ready\"\nimap_capabilities = [SEE-THIS]",
                toGreenMail())) {
            c.run("""
                    S: \\* OK Postern ready
                    C: a1 CAPABILITY
                    S: \\* CAPABILITY SEE-THIS AUTH=PLAIN
                    S: a1 OK completed
                    """);
        }
    }

    @Test
    void answersIdInsteadOfRefusingIt() throws Exception {
        try (ScriptClient c = start("", toGreenMail())) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C: a1 ID ("name" "Thunderbird" "version" "128.0")
                    S: \\* ID NIL
                    S: a1 OK completed
                    C: a2 ID NIL
                    S: \\* ID NIL
                    S: a2 OK completed
                    C: a3 ID ("odd")
                    S: a3 BAD invalid command
                    """);
        }
    }

    @Test
    void closesAfterMaxErrorsInvalidCommands() throws Exception {
        try (ScriptClient c = start("max_errors = 2", toGreenMail())) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C: a1 FOO
                    S: a1 BAD invalid command
                    C: a2 BAR
                    S: a2 BAD invalid command
                    S: <closed>
                    """);
        }
    }

    @Test
    void honoursASmallImapClientBufferAsNginxDoesToTheByte() throws Exception {
        String fits = "a1 NOOP " + "x".repeat(64 - 8 - 2); // 64 bytes with its CRLF
        try (ScriptClient c = start("imap_client_buffer = 64", toGreenMail())) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C: %s
                    S: a1 OK completed
                    C: %sx
                    S: a1 BAD invalid command
                    S: <closed>
                    """.formatted(fits, fits));
        }
    }

    @Test
    void countsTowardMaxErrorsOnlyWhatNginxsParserCannotRead() throws Exception {
        try (ScriptClient c = start("max_errors = 2", toGreenMail())) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C: a1 STARTTLS
                    S: a1 BAD invalid command
                    C: a2 AUTHENTICATE FOO
                    S: a2 BAD invalid command
                    C: a3 AUTHENTICATE CRAM-MD5
                    S: a3 BAD invalid command
                    C: a4 AUTHENTICATE PLAIN
                    S: \\+ .*
                    C: !!!not-base64!!!
                    S: a4 BAD invalid command
                    C: a5 LOGIN onlyone
                    S: a5 BAD invalid command
                    C: a6 NOOP
                    S: a6 OK completed
                    C: bad"tag NOOP
                    S: \\* BAD invalid command
                    C: a7 FOO
                    S: a7 BAD invalid command
                    S: <closed>
                    """);
        }
    }

    @Test
    void closesAfterMaxCommandsWithTheInvalidCommandAnswer() throws Exception {
        try (ScriptClient c = start("max_commands = 3", toGreenMail())) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C: a1 NOOP
                    S: a1 OK completed
                    C: a2 FOO
                    S: a2 BAD invalid command
                    C: a3 CAPABILITY
                    S: \\* CAPABILITY .*
                    S: a3 OK completed
                    C: a4 AUTHENTICATE PLAIN
                    S: \\+ .*
                    C: a5 NOOP
                    S: a4 BAD invalid command
                    S: <closed>
                    """);
        }
    }

    @Test
    void ignoresALoginPipelinedBehindTheLastAllowedError() throws Exception {
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        Authenticator counting = r -> {
            asked.incrementAndGet();
            return StaticAuthModule.answer(AuthDecision.acceptedTo(upstream.address()));
        };
        try (ScriptClient c = start("max_errors = 2", counting)) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C| a1 FOO
                    C| a2 BAR
                    C: a3 LOGIN %s %s
                    S: a1 BAD invalid command
                    S: a2 BAD invalid command
                    S: <closed>
                    """.formatted(USER, PASSWORD));
        }
        assertThat(asked).hasValue(0);
    }

    @Test
    void answersPipelinedInvalidCommandAndNoopInOrder() throws Exception {
        try (ScriptClient c = start("", toGreenMail())) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C| a1 INVALID COMMAND WITH ARGUMENTS
                    C: a2 NOOP
                    S: a1 BAD invalid command
                    S: a2 OK completed
                    """);
        }
    }

    @Test
    void closesAfterAnInvalidLineEndingInANonSynchronizingLiteral() throws Exception {
        try (ScriptClient c = start("", toGreenMail())) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C| a1 FOO {10+}
                    C: a2 NOOP
                    S: a1 BAD invalid command
                    S: <closed>
                    """);
        }
    }

    @Test
    void closesWhenACommandExceedsImapClientBuffer() throws Exception {
        try (ScriptClient c = start("imap_client_buffer = 256", toGreenMail())) {
            c.run("S: \\* OK IMAP4 ready");
            c.send("a1 NOOP " + "x".repeat(300) + "\r\n");
            c.run("""
                    S: a1 BAD invalid command
                    S: <closed>
                    """);
        }
    }

    @Test
    void logsInWithSynchronizingLiteralsAndRelaysTheUpstreamAnswer() throws Exception {
        try (ScriptClient c = start("", toGreenMail())) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C: a1 LOGIN {%d}
                    S: \\+ OK
                    C: %s {%d}
                    S: \\+ OK
                    C: %s
                    S: a1 OK .*
                    C: a2 SELECT INBOX
                    """.formatted(USER.length(), USER, PASSWORD.length(), PASSWORD));
            assertThat(readUntilTagged(c, "a2")).startsWith("a2 OK");
        }
    }

    @Test
    void logsInWithANonSynchronizingLiteralAndAQuotedString() throws Exception {
        try (ScriptClient c = start("", toGreenMail())) {
            c.run("S: \\* OK IMAP4 ready");
            c.send("a1 LOGIN {" + USER.length() + "+}\r\n" + USER + " \"" + PASSWORD + "\"\r\n");
            c.run("S: a1 OK .*");
        }
    }

    @Test
    void forwardsCommandsPipelinedBehindLoginInOrder() throws Exception {
        try (ScriptClient c = start("", toGreenMail())) {
            c.run("S: \\* OK IMAP4 ready");
            c.send("a1 LOGIN " + USER + " " + PASSWORD + "\r\na2 SELECT INBOX\r\na3 LOGOUT\r\n");
            assertThat(readUntilTagged(c, "a1")).startsWith("a1 OK");
            assertThat(readUntilTagged(c, "a2")).startsWith("a2 OK");
            assertThat(readUntilTagged(c, "a3")).startsWith("a3 OK");
            c.expectClosed();
        }
    }

    @Test
    void authenticatesWithSaslPlainWithAndWithoutInitialResponse() throws Exception {
        String ir = java.util.Base64.getEncoder().encodeToString(("\0" + USER + "\0" + PASSWORD).getBytes());
        try (ScriptClient c = start("", toGreenMail())) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C: a1 AUTHENTICATE PLAIN
                    S: \\+\\x20
                    C: *
                    S: a1 BAD authentication cancelled
                    C: a2 AUTHENTICATE PLAIN
                    S: \\+\\x20
                    C: %s
                    S: a2 OK .*
                    """.formatted(ir));
        }
        try (ScriptClient c = new ScriptClient(postern.address())) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C: a1 AUTHENTICATE PLAIN %s
                    S: a1 OK .*
                    """.formatted(ir));
        }
    }

    @Test
    void authenticatesWithSaslLogin() throws Exception {
        java.util.Base64.Encoder b64 = java.util.Base64.getEncoder();
        try (ScriptClient c = start("imap_auth = [plain, login]", toGreenMail())) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C: a1 AUTHENTICATE LOGIN
                    S: \\+ VXNlcm5hbWU6
                    C: %s
                    S: \\+ UGFzc3dvcmQ6
                    C: %s
                    S: a1 OK .*
                    """.formatted(b64.encodeToString(USER.getBytes()), b64.encodeToString(PASSWORD.getBytes())));
        }
    }

    @Test
    void refusesAMechanismThatIsNotConfigured() throws Exception {
        try (ScriptClient c = start("imap_auth = [plain]", toGreenMail())) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C: a1 AUTHENTICATE CRAM-MD5
                    S: a1 BAD invalid command
                    C: a2 AUTHENTICATE
                    S: a2 BAD invalid command
                    C: a3 AUTHENTICATE LOGIN
                    S: a3 BAD invalid command
                    """);
        }
    }

    @Test
    void rejectsWithTheAuthMessageAndClosesWhenNoRetryIsAllowed() throws Exception {
        Authenticator reject = r -> StaticAuthModule.answer(AuthDecision.rejected("Invalid login or password"));
        try (ScriptClient c = start("", reject)) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C: a1 LOGIN bob wrong
                    S: a1 NO Invalid login or password
                    S: <closed>
                    """);
        }
    }

    @Test
    void rejectsAfterTheWaitAndLetsTheClientRetry() throws Exception {
        Authenticator rejectThenAccept = new Authenticator() {
            int calls;

            @Override
            public java.util.concurrent.CompletionStage<AuthDecision> authenticate(io.postern.spi.AuthRequest r) {
                assertThat(r.attempt()).isEqualTo(++calls);
                return StaticAuthModule.answer(calls == 1
                        ? new AuthDecision.Rejected("Try again", Optional.of(Duration.ofMillis(200)), Optional.empty())
                        : AuthDecision.acceptedTo(upstream.address()));
            }
        };
        try (ScriptClient c = start("", rejectThenAccept)) {
            long start = System.nanoTime();
            c.run("""
                    S: \\* OK IMAP4 ready
                    C: a1 LOGIN %s wrong
                    S: a1 NO Try again
                    """.formatted(USER));
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(200);
            c.run("""
                    C: a2 LOGIN %s %s
                    S: a2 OK .*
                    """.formatted(USER, PASSWORD));
        }
    }

    @Test
    void answersInternalErrorWhenTheAuthPhaseFails() throws Exception {
        Authenticator failing = r -> StaticAuthModule.answer(new AuthDecision.Failed("backend down"));
        try (ScriptClient c = start("", failing)) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C: a1 LOGIN bob secret
                    S: \\* BAD internal server error
                    S: <closed>
                    """);
        }
    }

    @Test
    void answersInternalErrorWhenAnAuthenticatorThrows() throws Exception {
        Authenticator throwing = r -> {
            throw new IllegalStateException("bug in a module");
        };
        try (ScriptClient c = start("", throwing)) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C: a1 LOGIN bob secret
                    S: \\* BAD internal server error
                    S: <closed>
                    """);
        }
    }

    @Test
    void answersInternalErrorWhenTheAuthPhaseTimesOut() throws Exception {
        try (ScriptClient c = start("auth_timeout = 300ms", StaticAuthModule.hanging())) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C: a1 LOGIN bob secret
                    S: \\* BAD internal server error
                    S: <closed>
                    """);
        }
    }

    @Test
    void cancelsTheAuthAnswerWhenTheClientLeaves() throws Exception {
        CompletableFuture<AuthDecision> pending = new CompletableFuture<>();
        try (ScriptClient c = start("", r -> pending)) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C: a1 LOGIN bob secret
                    """);
        }
        assertThat(pending).failsWithin(Duration.ofSeconds(5));
        assertThat(pending.isCancelled()).isTrue();
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
                    S: \\* OK IMAP4 ready
                    C: a1 LOGIN bob secret
                    S: \\* BAD internal server error
                    S: <closed>
                    """);
        }
    }

    @Test
    void relaysTheUpstreamRefusalOnlyWithProxyPassErrorMessage() throws Exception {
        Authenticator wrongUpstreamPassword = r -> StaticAuthModule.answer(new AuthDecision.Accepted(
                Optional.empty(), Optional.of("not-the-password"), Optional.of(upstream.address()), Map.of()));
        try (ScriptClient c = start("proxy_pass_error_message = on", wrongUpstreamPassword)) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C: a1 LOGIN %s whatever
                    S: a1 NO .*
                    S: <closed>
                    """.formatted(USER));
        }
        postern.close();
        try (ScriptClient c = start("proxy_pass_error_message = off", wrongUpstreamPassword)) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C: a1 LOGIN %s whatever
                    S: \\* BAD internal server error
                    S: <closed>
                    """.formatted(USER));
        }
    }

    @Test
    void failsOverToTheNextServerOfAProxyPassPool() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String pool = "upstreams { store { servers = [\"127.0.0.1:%d\", \"%s\"] } }\nproxy_pass = store"
                .formatted(closedPort, upstream.address());
        Authenticator acceptOnly = StaticAuthModule.users(Map.of(USER, PASSWORD), AuthDecision.accepted());
        try (ScriptClient c = start(pool, acceptOnly)) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C: a1 LOGIN %s %s
                    S: a1 OK .*
                    """.formatted(USER, PASSWORD));
        }
        for (int i = 0; i < 2; i++) { // round-robin starts at the other server next time; both paths log in
            try (ScriptClient c = new ScriptClient(postern.address())) {
                c.run("""
                        S: \\* OK IMAP4 ready
                        C: a1 LOGIN %s %s
                        S: a1 OK .*
                        """.formatted(USER, PASSWORD));
            }
        }
    }

    @Test
    void closesAnIdleClientBeforeLoginAfterTimeout() throws Exception {
        try (ScriptClient c = start("timeout = 300ms", toGreenMail())) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    S: <closed>
                    """);
        }
    }

    @Test
    void closesAnIdleRelayedSessionAfterProxyTimeout() throws Exception {
        try (ScriptClient c = start("proxy_timeout = 400ms", toGreenMail())) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C: a1 LOGIN %s %s
                    S: a1 OK .*
                    S: <closed>
                    """.formatted(USER, PASSWORD));
        }
    }

    /** Reads lines until the tagged answer for {@code tag}, which it returns. */
    static String readUntilTagged(ScriptClient c, String tag) throws Exception {
        for (int i = 0; i < 100; i++) {
            String line = c.readLine();
            assertThat(line).as("answer to " + tag).isNotNull();
            if (line.startsWith(tag + " ")) {
                return line;
            }
        }
        throw new AssertionError("no tagged answer for " + tag);
    }
}
