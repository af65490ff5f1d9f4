package io.postern.imap;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.postern.spi.AuthDecision;
import io.postern.spi.AuthRequest;
import io.postern.spi.CloseReason;
import io.postern.spi.SessionInfo;
import io.postern.spi.SessionListener;
import io.postern.spi.SessionSummary;
import io.postern.spi.UpstreamAddress;
import io.postern.testing.ListenerModule;
import io.postern.testing.PosternFixture;
import io.postern.testing.ScriptClient;
import io.postern.testing.StaticAuthModule;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** What the LOG phase is told about a session, and what never reaches a log. */
class SessionEventsAndSecretsTest {

    @TempDir
    Path dir;

    @Test
    void listenersSeeEachStepOfASessionAndWhyItEnded() throws Exception {
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        SessionListener recorder = new SessionListener() {
            @Override
            public void onOpen(SessionInfo session) {
                events.add("open " + session.protocol());
            }

            @Override
            public void onAuthDecision(SessionInfo session, AuthRequest request, AuthDecision decision) {
                events.add("auth " + request.attempt() + " " + decision.getClass().getSimpleName());
            }

            @Override
            public void onUpstreamConnected(SessionInfo session, UpstreamAddress upstream, Duration connectTime) {
                events.add("upstream " + upstream);
            }

            @Override
            public void onLoggedIn(SessionInfo session) {
                events.add("logged in " + session.login().orElse("?"));
            }

            @Override
            public void onClose(SessionInfo session, SessionSummary summary) {
                events.add("close " + summary.reason() + " " + (summary.bytesFromClient() > 0) + " "
                        + (summary.bytesToClient() > 0) + " " + summary.authAttempts());
            }
        };
        try (GreenMailUpstream upstream = new GreenMailUpstream();
             PosternFixture postern = PosternFixture.start(dir,
                     "mail { servers { imap { protocol = imap, listen = \"127.0.0.1:0\" } } }",
                     StaticAuthModule.of(StaticAuthModule.users(
                             Map.of(GreenMailUpstream.USER, GreenMailUpstream.PASSWORD),
                             AuthDecision.acceptedTo(upstream.address()))),
                     ListenerModule.of(recorder))) {
            try (ScriptClient c = new ScriptClient(postern.address())) {
                c.run("""
                        S: \\* OK IMAP4 ready
                        C: a1 LOGIN %s %s
                        S: a1 OK .*
                        C: a2 LOGOUT
                        S: \\* BYE.*
                        S: a2 OK .*
                        S: <closed>
                        """.formatted(GreenMailUpstream.USER, GreenMailUpstream.PASSWORD));
            }
            assertThat(take(events, 5)).containsExactly("open IMAP", "auth 1 Accepted",
                    "upstream " + upstream.address(), "logged in " + GreenMailUpstream.USER,
                    "close " + CloseReason.CLIENT_QUIT + " true true 1");
        }
    }

    @Test
    void listenersHearTheAuthPhasesDurationAndEachUnreachableUpstream() throws Exception {
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        SessionListener recorder = new SessionListener() {
            @Override
            public void onAuthDecision(SessionInfo session, AuthRequest request, AuthDecision decision,
                                       Duration elapsed) {
                events.add("auth " + decision.getClass().getSimpleName() + " " + !elapsed.isNegative());
            }

            @Override
            public void onUpstreamFailed(SessionInfo session, UpstreamAddress upstream, String reason) {
                events.add("failed " + upstream + " " + !reason.isBlank());
            }
        };
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = socket.getLocalPort(); // closed below: nothing listens there any more
        }
        UpstreamAddress dead = new UpstreamAddress("127.0.0.1", deadPort);
        try (PosternFixture postern = PosternFixture.start(dir,
                "mail { servers { imap { protocol = imap, listen = \"127.0.0.1:0\" } } }",
                StaticAuthModule.of(request -> StaticAuthModule.answer(AuthDecision.acceptedTo(dead))),
                ListenerModule.of(recorder))) {
            try (ScriptClient c = new ScriptClient(postern.address())) {
                c.run("""
                        S: \\* OK IMAP4 ready
                        C: a1 LOGIN bob secret
                        S: .*
                        """);
            }
            assertThat(take(events, 2)).containsExactly("auth Accepted true", "failed " + dead + " true");
        }
    }

    @Test
    void noPasswordOrAuthPayloadReachesAnyLogLine() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level before = root.getLevel();
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        root.addAppender(captured);
        root.setLevel(Level.DEBUG);
        String plainPayload = Base64.getEncoder().encodeToString(
                ("\0" + GreenMailUpstream.USER + "\0" + GreenMailUpstream.PASSWORD).getBytes());
        try (GreenMailUpstream upstream = new GreenMailUpstream();
             PosternFixture postern = PosternFixture.start(dir,
                     "mail { servers { imap { protocol = imap, listen = \"127.0.0.1:0\" } } }",
                     StaticAuthModule.of(StaticAuthModule.users(
                             Map.of(GreenMailUpstream.USER, GreenMailUpstream.PASSWORD),
                             AuthDecision.acceptedTo(upstream.address()))))) {
            try (ScriptClient c = new ScriptClient(postern.address())) {
                c.run("""
                        S: \\* OK IMAP4 ready
                        C: a1 LOGIN %s wrong-%s
                        S: a1 NO .*
                        C: a2 AUTHENTICATE PLAIN %s
                        S: a2 OK .*
                        C: a3 LOGOUT
                        S: \\* BYE.*
                        S: a3 OK .*
                        """.formatted(GreenMailUpstream.USER, GreenMailUpstream.PASSWORD, plainPayload));
            }
        } finally {
            root.detachAppender(captured);
            root.setLevel(before);
        }
        // Everything logged in the process, except by the embedded upstream (GreenMail logs the
        // lines it receives at DEBUG, as a mail server's own log may).
        List<String> lines = captured.list.stream().filter(e -> !e.getLoggerName().startsWith("com.icegreen")).map(e -> e.getFormattedMessage() + " " + e.getMDCPropertyMap()
                + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage())).toList();
        assertThat(lines).as("log lines of the session").isNotEmpty();
        assertThat(lines).noneMatch(l -> l.contains(GreenMailUpstream.PASSWORD) || l.contains(plainPayload));
    }

    private static List<String> take(BlockingQueue<String> events, int n) throws InterruptedException {
        List<String> taken = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            String event = events.poll(10, TimeUnit.SECONDS);
            if (event == null) {
                break;
            }
            taken.add(event);
        }
        return taken;
    }
}
