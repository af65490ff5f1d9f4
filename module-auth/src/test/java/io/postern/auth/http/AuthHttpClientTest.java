package io.postern.auth.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.auth.http.FakeAuthServer.Reply;
import io.postern.engine.ModuleConnector;
import io.postern.spi.AuthDecision;
import io.postern.spi.AuthRequest;
import io.postern.spi.Credentials;
import io.postern.spi.Protocol;
import io.postern.spi.UpstreamAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The authenticator against a fake auth server over real sockets. */
class AuthHttpClientTest {

    private static final UpstreamAddress UPSTREAM = new UpstreamAddress("127.0.0.1", 143);

    private FakeAuthServer server;
    private ModuleConnector connector;
    private AuthHttpClient client;

    @BeforeEach
    void start() throws Exception {
        server = new FakeAuthServer();
        connector = ModuleConnector.standalone();
        client = AuthHttpClient.start(connector, SSLContext.getDefault());
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        connector.close();
        server.close();
    }

    private CompletionStage<AuthDecision> login(AuthHttpSettings settings, AuthRequest request) {
        return new HttpAuthenticator(Map.of("test", settings), () -> client).authenticate(request);
    }

    private AuthDecision await(CompletionStage<AuthDecision> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static AuthRequest plain(String user, String password, int attempt) {
        return TestSessions.request(Protocol.IMAP, new Credentials.Plain(user, password), attempt);
    }

    @Test
    void sendsNginxsExactBytesOverTheWire() throws Exception {
        server.script(Reply.close("HTTP/1.0 200 OK\r\nAuth-Status: OK\r\nAuth-Server: 127.0.0.1\r\nAuth-Port: 143\r\n\r\n"));
        AuthDecision decision = await(login(TestSessions.nginx(server.url()), plain("user with space", "pa ss%\u0007", 4)));
        assertThat(decision).isEqualTo(AuthDecision.acceptedTo(UPSTREAM));
        assertThat(server.requests()).containsExactly("GET /mail/auth HTTP/1.0\r\n"
                + "Host: 127.0.0.1\r\n"
                + "Auth-Method: plain\r\n"
                + "Auth-User: user%20with%20space\r\n"
                + "Auth-Pass: pa%20ss%25%07\r\n"
                + "Auth-Protocol: imap\r\n"
                + "Auth-Login-Attempt: 4\r\n"
                + "Client-IP: 192.0.2.7\r\n"
                + "\r\n");
    }

    @Test
    void aLoginStartedOnAnEventLoopCompletesOnThatLoop() throws Exception {
        CompletableFuture<Thread> caller = new CompletableFuture<>();
        CompletableFuture<Thread> completer = new CompletableFuture<>();
        connector.eventLoop().execute(() -> {
            caller.complete(Thread.currentThread());
            login(TestSessions.nginx(server.url()), plain("bob", "pw", 1))
                    .whenComplete((d, e) -> completer.complete(Thread.currentThread()));
        });
        assertThat(completer.get(10, TimeUnit.SECONDS)).isSameAs(caller.get());
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void keepAliveKeepsTheConnectionInTheLoopsOwnPool() throws Exception {
        AuthHttpSettings settings = TestSessions.settings(8, false, server.url());
        CompletableFuture<AuthDecision> first = new CompletableFuture<>();
        connector.eventLoop().execute(() -> login(settings, plain("bob", "pw", 1)).whenComplete((d, e) -> {
            // On the loop, right after the answer: the connection is in this loop's pool already.
            assertThat(client.pool().idleCount()).isEqualTo(1);
            first.complete(d);
        }));
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(AuthDecision.acceptedTo(UPSTREAM));
        assertThat(await(login(settings, plain("ann", "pw", 1)))).isEqualTo(AuthDecision.acceptedTo(UPSTREAM));
        assertThat(server.connections()).hasSize(1);
    }

    @Test
    void waitReSendsTheSameRequestWithTheSameAttemptNumber() throws Exception {
        server.script(Reply.close("HTTP/1.0 200 OK\r\nAuth-Status: WAIT\r\nAuth-Wait: 0\r\n\r\n"),
                Reply.close("Auth-Status: WAIT\r\nAuth-Wait: 1\r\n\r\n"),
                Reply.close("Auth-Status: OK\r\nAuth-Server: 127.0.0.1\r\nAuth-Port: 143\r\n\r\n"));
        long started = System.nanoTime();
        AuthDecision decision = await(login(TestSessions.nginx(server.url()), plain("bob", "pw", 2)));
        assertThat(decision).isEqualTo(AuthDecision.acceptedTo(UPSTREAM));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        List<String> requests = server.requests();
        assertThat(requests).hasSize(3).allMatch(r -> r.equals(requests.get(0)));
        assertThat(requests.get(0)).contains("Auth-Login-Attempt: 2\r\n");
    }

    @Test
    void endlessWaitFailsAfterTheCap() throws Exception {
        server.respond(r -> Reply.close("Auth-Status: WAIT\r\n\r\n"));
        AuthDecision decision = await(login(TestSessions.nginx(server.url()), plain("bob", "pw", 1)));
        assertThat(decision).isInstanceOf(AuthDecision.Failed.class);
        assertThat(((AuthDecision.Failed) decision).reason()).contains("WAIT more than 10 times");
        assertThat(server.requests()).hasSize(AuthHttpLogin.MAX_WAITS + 1);
    }

    @Test
    void keepAliveReusesOneConnectionForTwoLogins() throws Exception {
        AuthHttpSettings settings = TestSessions.settings(8, false, server.url());
        assertThat(await(login(settings, plain("bob", "pw", 1)))).isEqualTo(AuthDecision.acceptedTo(UPSTREAM));
        assertThat(await(login(settings, plain("ann", "pw", 1)))).isEqualTo(AuthDecision.acceptedTo(UPSTREAM));
        assertThat(server.connections()).hasSize(1);
        assertThat(server.connections().get(0).requests).hasSize(2)
                .allMatch(r -> r.startsWith("GET /mail/auth HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n"));
        assertThat(client.idleCount()).isEqualTo(1);
    }

    @Test
    void keepAliveReadsTheBodySoTheNextAnswerStaysInStep() throws Exception {
        String body = "<html>ignored</html>";
        server.respond(r -> Reply.keep("HTTP/1.1 200 OK\r\nAuth-Status: " + (r.contains("ann") ? "Nope" : "OK")
                + "\r\nAuth-Server: 127.0.0.1\r\nAuth-Port: 143\r\nContent-Length: " + body.length() + "\r\n\r\n" + body));
        AuthHttpSettings settings = TestSessions.settings(8, false, server.url());
        assertThat(await(login(settings, plain("bob", "pw", 1)))).isEqualTo(AuthDecision.acceptedTo(UPSTREAM));
        assertThat(await(login(settings, plain("ann", "pw", 1)))).isEqualTo(AuthDecision.rejected("Nope"));
        assertThat(server.connections()).hasSize(1);
    }

    @Test
    void withoutKeepAliveEachLoginHasItsOwnConnection() throws Exception {
        AuthHttpSettings settings = TestSessions.nginx(server.url());
        await(login(settings, plain("bob", "pw", 1)));
        await(login(settings, plain("bob", "pw", 2)));
        assertThat(server.connections()).hasSize(2);
        assertThat(server.connections().get(0).closedByClient).succeedsWithin(Duration.ofSeconds(5));
    }

    @Test
    void aPooledConnectionClosedByTheServerIsReplaced() throws Exception {
        // A keep-alive answer after which the server closes anyway, as idle timeouts do.
        server.respond(r -> Reply.close(FakeAuthServer.OK_KEEP));
        AuthHttpSettings settings = TestSessions.settings(8, false, server.url());
        assertThat(await(login(settings, plain("bob", "pw", 1)))).isEqualTo(AuthDecision.acceptedTo(UPSTREAM));
        Thread.sleep(200);
        assertThat(await(login(settings, plain("bob", "pw", 1)))).isEqualTo(AuthDecision.acceptedTo(UPSTREAM));
        assertThat(server.connections()).hasSize(2);
    }

    @Test
    void failsOverToTheNextUrlWhenTheFirstRefusesConnections() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        AuthHttpSettings settings = TestSessions.nginx("127.0.0.1:" + closedPort + "/auth", server.url());
        server.script(Reply.close("Auth-Status: OK\r\nAuth-Server: 127.0.0.1\r\nAuth-Port: 143\r\n\r\n"));
        assertThat(await(login(settings, plain("bob", "pw", 1)))).isEqualTo(AuthDecision.acceptedTo(UPSTREAM));
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void whenNoUrlCanBeReachedTheLoginFailsNamingTheLast() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        AuthDecision decision = await(login(TestSessions.nginx("127.0.0.1:" + closedPort + "/auth"), plain("bob", "pw", 1)));
        assertThat(decision).isInstanceOf(AuthDecision.Failed.class);
        assertThat(((AuthDecision.Failed) decision).reason()).isEqualTo("auth http server http://127.0.0.1:"
                + closedPort + "/auth could not be reached: ConnectException: Connection refused");
    }

    @Test
    void aSlowServerTimesOut() throws Exception {
        server.script(Reply.hang());
        AuthHttpSettings settings = new AuthHttpSettings(List.of(AuthHttpUrl.parse(server.url())), List.of(),
                Duration.ofMillis(300), false, 8, 8192, false);
        AuthDecision decision = await(login(settings, plain("bob", "pw", 1)));
        assertThat(((AuthDecision.Failed) decision).reason()).contains("timed out after 300ms");
        assertThat(server.connections().get(0).closedByClient).succeedsWithin(Duration.ofSeconds(5));
        assertThat(client.idleCount()).isZero();
    }

    @Test
    void garbageFailsWithoutFailover() throws Exception {
        FakeAuthServer second = new FakeAuthServer();
        try (second) {
            server.script(Reply.close("Auth Status: OK\r\n\r\n"));
            AuthDecision decision = await(login(TestSessions.nginx(server.url(), second.url()), plain("bob", "pw", 1)));
            assertThat(((AuthDecision.Failed) decision).reason()).endsWith("sent invalid header in response");
            assertThat(second.connections()).isEmpty();
        }
    }

    @Test
    void anEarlyCloseFails() throws Exception {
        server.script(Reply.close("HTTP/1.0 200 OK\r\nAuth-Status: OK\r\n"));
        AuthDecision decision = await(login(TestSessions.nginx(server.url()), plain("bob", "pw", 1)));
        assertThat(((AuthDecision.Failed) decision).reason()).contains("closed the connection before the answer was complete");
    }

    @Test
    void anAnswerHeaderOfSeveralKilobytesWithinTheLimitIsRead() throws Exception {
        server.script(Reply.close("HTTP/1.0 200 OK\r\nX-Padding: " + "x".repeat(5000)
                + "\r\nAuth-Status: OK\r\nAuth-Server: 127.0.0.1\r\nAuth-Port: 143\r\n\r\n"));
        AuthDecision decision = await(login(TestSessions.nginx(server.url()), plain("bob", "pw", 1)));
        assertThat(decision).isEqualTo(AuthDecision.acceptedTo(UPSTREAM));
    }

    @Test
    void anOversizedAnswerFailsWithAClearReason() throws Exception {
        server.script(Reply.keep("HTTP/1.1 200 OK\r\nX-Padding: " + "x".repeat(9000) + "\r\n\r\n"));
        AuthDecision decision = await(login(TestSessions.settings(8, false, server.url()), plain("bob", "pw", 1)));
        assertThat(((AuthDecision.Failed) decision).reason())
                .endsWith("sent an answer header larger than auth_http_max_response (8192 bytes)");
        assertThat(server.connections().get(0).closedByClient).succeedsWithin(Duration.ofSeconds(5));
    }

    @Test
    void cancellingWhileTheServerThinksClosesTheConnection() throws Exception {
        server.script(Reply.hang());
        CompletableFuture<AuthDecision> stage = login(TestSessions.settings(8, false, server.url()),
                plain("bob", "pw", 1)).toCompletableFuture();
        waitFor(() -> server.requests().size() == 1);
        stage.cancel(true);
        assertThat(server.connections().get(0).closedByClient).succeedsWithin(Duration.ofSeconds(5));
        assertThat(client.idleCount()).isZero();
    }

    @Test
    void cancellingDuringAWaitSleepStopsThePolling() throws Exception {
        server.respond(r -> Reply.close("Auth-Status: WAIT\r\nAuth-Wait: 1\r\n\r\n"));
        CompletableFuture<AuthDecision> stage = login(TestSessions.nginx(server.url()), plain("bob", "pw", 1))
                .toCompletableFuture();
        waitFor(() -> server.requests().size() == 1);
        stage.cancel(true);
        Thread.sleep(1500);
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void aServerWithoutAuthHttpIsDeclined() throws Exception {
        AuthRequest other = new AuthRequest(TestSessions.session(Protocol.IMAP, "other"),
                new Credentials.Plain("bob", "pw"), 1);
        assertThat(await(login(TestSessions.nginx(server.url()), other))).isEqualTo(AuthDecision.declined());
    }

    static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 5s");
            }
            Thread.sleep(10);
        }
    }
}
