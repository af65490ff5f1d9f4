package io.postern.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postern.spi.AuthDecision;
import io.postern.spi.Authenticator;
import io.postern.testing.PosternFixture;
import io.postern.testing.ScriptClient;
import io.postern.testing.StaticAuthModule;
import io.postern.testing.TestPki;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The pre-login timer, nginx's rule: {@code timeout} runs from the greeting whatever the
 * client sends, a failed login's answer starts it again, and {@code login_timeout} bounds the
 * whole phase; once logged in, neither applies. The tests assert on what happened (closed or
 * not, and what was said), with a bounded number of client steps, never on how long it took.
 */
class PreLoginTimerTest {

    /** The bound on a client's steps: far more time than any timer under test needs to fire. */
    private static final int MAX_STEPS = 100;
    private static final int STEP_MILLIS = 60;

    @TempDir
    Path dir;

    private PosternFixture postern;
    private FakeImapUpstream upstream;

    @AfterEach
    void stop() throws Exception {
        if (postern != null) {
            postern.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    private InetSocketAddress start(String protocol, String mailDirectives, Authenticator authenticator)
            throws Exception {
        postern = PosternFixture.start(dir, "mail {\n" + mailDirectives + "\nservers { s { protocol = " + protocol
                + ", listen = \"127.0.0.1:0\" } }\n}\n", StaticAuthModule.of(authenticator));
        return postern.address();
    }

    private static Authenticator rejectingAtOnce() {
        AuthDecision rejected = new AuthDecision.Rejected("Authentication failed", Optional.of(Duration.ZERO),
                Optional.empty());
        return request -> CompletableFuture.completedFuture(rejected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"imap", "pop3", "smtp"})
    void closesAClientTricklingOneByteAtATimeAtTimeout(String protocol) throws Exception {
        try (ScriptClient c = new ScriptClient(start(protocol, "timeout = 300ms", rejectingAtOnce()))) {
            assertThat(c.readLine()).isNotNull(); // the greeting
            assertThat(stepUntilClosed(c, () -> send(c, "x")))
                    .as("a client sending a byte every %d ms of a line it never ends", STEP_MILLIS).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"imap, a NOOP", "pop3, NOOP", "smtp, NOOP"})
    void closesAClientCompletingCommandsAtTimeoutAsNginxDoes(String protocol, String noop) throws Exception {
        try (ScriptClient c = new ScriptClient(start(protocol, "timeout = 300ms", rejectingAtOnce()))) {
            assertThat(c.readLine()).isNotNull();
            assertThat(stepUntilClosed(c, () -> {
                if (send(c, noop + "\r\n")) {
                    return true;
                }
                c.setReadTimeout(10_000);
                String answer = c.readLine();
                c.setReadTimeout(STEP_MILLIS);
                if (answer == null) {
                    return true;
                }
                assertThat(answer).matches("a OK completed|\\+OK|250 2\\.0\\.0 OK");
                return false;
            })).as("a client sending NOOP every %d ms", STEP_MILLIS).isTrue();
        }
    }

    @Test
    void aFailedLoginStartsTimeoutAgainButLoginTimeoutEndsThePhase() throws Exception {
        try (ScriptClient c = new ScriptClient(start("imap", "timeout = 1s\nlogin_timeout = 2500ms",
                rejectingAtOnce()))) {
            assertThat(c.readLine()).isEqualTo("* OK IMAP4 ready");
            List<String> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Thread.sleep(300);
                c.send("a" + i + " LOGIN bob wrong\r\n");
                String answer = c.readLine();
                answers.add(answer);
                if (answer == null || answer.startsWith("* BYE")) {
                    break;
                }
            }
            // A failed login every 300 ms keeps a 1 s timeout from firing, and login_timeout ends it.
            assertThat(answers).hasSizeGreaterThan(4).last().isEqualTo("* BYE Login timed out");
            assertThat(answers.subList(0, answers.size() - 1)).allMatch(a -> a.matches("a\\d+ NO Authentication failed"));
            c.expectClosed();
        }
    }

    @Test
    void loginTimeoutWaitsForTheLoginInProgressThenEndsTheSessionAfterItsAnswer() throws Exception {
        AuthDecision rejected = new AuthDecision.Rejected("Authentication failed", Optional.of(Duration.ZERO),
                Optional.empty());
        Authenticator slow = request -> CompletableFuture.supplyAsync(() -> rejected,
                CompletableFuture.delayedExecutor(600, TimeUnit.MILLISECONDS));
        try (ScriptClient c = new ScriptClient(start("imap", "timeout = 5s\nlogin_timeout = 200ms", slow))) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C: a1 LOGIN bob wrong
                    S: a1 NO Authentication failed
                    S: \\* BYE Login timed out
                    S: <closed>
                    """);
        }
    }

    @Test
    void aLoggedInSessionOutlivesBothPreLoginTimers() throws Exception {
        upstream = new FakeImapUpstream(FakeImapUpstream.Expect.NOTHING);
        try (ScriptClient c = new ScriptClient(start("imap", "timeout = 300ms\nlogin_timeout = 400ms",
                request -> StaticAuthModule.answer(AuthDecision.acceptedTo(upstream.address()))))) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C: a1 LOGIN bob secret
                    S: a1 OK .*
                    """);
            c.setReadTimeout(STEP_MILLIS * 10);
            assertThatThrownBy(c::read).as("nothing, not even a close, while both timers would have fired")
                    .isInstanceOf(SocketTimeoutException.class);
            c.setReadTimeout(10_000);
            c.run("""
                    C: a2 NOOP
                    S: a2 OK NOOP completed
                    C: a3 LOGOUT
                    S: \\* BYE fake
                    S: a3 OK LOGOUT completed
                    """);
        }
    }

    @Test
    void closesATricklingTlsHandshakeOnAnSslListenerAtTimeout() throws Exception {
        TestPki.Issued certificate = TestPki.create(dir.resolve("pki"), "ca").server("localhost");
        postern = PosternFixture.start(dir, "mail {\ntimeout = 300ms\nssl_certificate = \""
                + certificate.certificateFile() + "\"\nssl_certificate_key = \"" + certificate.keyFile()
                + "\"\nservers { s { protocol = imap, listen = \"127.0.0.1:0 ssl\" } }\n}\n",
                StaticAuthModule.of(rejectingAtOnce()));
        try (ScriptClient c = new ScriptClient(postern.address())) {
            // A TLS record header announcing 512 bytes, then the record's bytes one at a time.
            c.sendBytes(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00});
            assertThat(stepUntilClosed(c, () -> send(c, "\u0001"), true)).isTrue();
        }
    }

    @Test
    void closesAClientTricklingTheProxyProtocolHeaderAtTimeout() throws Exception {
        postern = PosternFixture.start(dir, "mail {\ntimeout = 300ms\nservers { s { protocol = imap, "
                + "listen = \"127.0.0.1:0 proxy_protocol\" } }\n}\n", StaticAuthModule.of(rejectingAtOnce()));
        try (ScriptClient c = new ScriptClient(postern.address())) {
            c.sendBytes("PROXY TCP4 ".getBytes(StandardCharsets.US_ASCII));
            assertThat(stepUntilClosed(c, () -> send(c, "1"))).isTrue();
        }
    }

    @Test
    void aFloodOfTricklingConnectionsIsDroppedAtTimeoutAndOthersStillGetIn() throws Exception {
        InetSocketAddress address = start("imap", "timeout = 500ms", rejectingAtOnce());
        int count = 300;
        List<SocketChannel> open = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                SocketChannel channel = SocketChannel.open(address);
                channel.configureBlocking(false);
                open.add(channel);
            }
            ByteBuffer sink = ByteBuffer.allocate(4096);
            int closed = 0;
            for (int round = 0; round < MAX_STEPS && closed < count; round++) {
                closed = 0;
                for (SocketChannel channel : open) {
                    if (!channel.isOpen()) {
                        closed++;
                        continue;
                    }
                    sink.clear();
                    int read;
                    try {
                        read = channel.read(sink);
                        if (read >= 0) {
                            channel.write(ByteBuffer.wrap(new byte[] {'x'}));
                        }
                    } catch (IOException e) {
                        read = -1; // reset by the server
                    }
                    if (read < 0) {
                        channel.close();
                        closed++;
                    }
                }
                Thread.sleep(STEP_MILLIS * 2);
            }
            assertThat(closed).as("trickling connections closed by the server").isEqualTo(count);
        } finally {
            for (SocketChannel channel : open) {
                channel.close();
            }
        }
        try (ScriptClient c = new ScriptClient(address)) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C: a1 CAPABILITY
                    S: \\* CAPABILITY .*
                    S: a1 OK completed
                    """);
        }
    }

    /** One step of a client; true when it found the connection closed. */
    interface Step {
        boolean run() throws IOException;
    }

    /** Sends {@code text}; true when the connection was found closed. */
    private static boolean send(ScriptClient c, String text) {
        try {
            c.sendBytes(text.getBytes(StandardCharsets.ISO_8859_1));
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /**
     * Runs {@code step} then waits up to {@value #STEP_MILLIS} ms for the server to close, at
     * most {@value #MAX_STEPS} times; whether it closed (and said nothing more).
     */
    private static boolean stepUntilClosed(ScriptClient c, Step step) throws IOException {
        return stepUntilClosed(c, step, false);
    }

    /** @param tlsAlertAllowed whether the server may send a TLS alert (any bytes) before it closes */
    private static boolean stepUntilClosed(ScriptClient c, Step step, boolean tlsAlertAllowed) throws IOException {
        c.setReadTimeout(STEP_MILLIS);
        for (int i = 0; i < MAX_STEPS; i++) {
            if (step.run()) {
                return true;
            }
            try {
                int b = c.read();
                if (b == -1) {
                    return true;
                }
                if (tlsAlertAllowed) {
                    continue;
                }
                throw new AssertionError("the server said more than expected: byte " + b);
            } catch (SocketTimeoutException e) {
                // still open: next step
            } catch (IOException e) {
                return true; // reset
            }
        }
        return false;
    }
}
