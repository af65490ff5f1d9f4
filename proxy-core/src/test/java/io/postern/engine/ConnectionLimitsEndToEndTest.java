package io.postern.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.postern.limits.ConnectionLimits;
import io.postern.limits.OpenFiles;
import io.postern.spi.AuthDecision;
import io.postern.spi.Authenticator;
import io.postern.spi.CloseReason;
import io.postern.spi.Credentials;
import io.postern.spi.Protocol;
import io.postern.spi.Refusal;
import io.postern.spi.SessionInfo;
import io.postern.spi.SessionListener;
import io.postern.spi.SessionSummary;
import io.postern.spi.UpstreamAddress;
import io.postern.testing.ListenerModule;
import io.postern.testing.PosternFixture;
import io.postern.testing.ScriptClient;
import io.postern.testing.StaticAuthModule;
import io.postern.testing.TestPki;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/**
 * The CONNECT phase's access rules and connection limits end to end: real sockets from several
 * loopback addresses, Postern in front of GreenMail (IMAP, POP3, SMTP), each refusal in its
 * protocol's words, and the process-wide counts back at zero after every way a session ends.
 */
class ConnectionLimitsEndToEndTest {

    private static final String USER = "bob@localhost";
    private static final String PASSWORD = "s3cr3t-Pa55";

    /** Each protocol's side of the same story: greeting, login, logout, and its refusals. */
    enum Wire {
        IMAP(0, "\\* OK IMAP4 ready", "C: a1 LOGIN " + USER + " " + PASSWORD + "\nS: a1 OK .*",
                "C: a2 LOGOUT\nS: \\* BYE.*\nS: a2 OK.*",
                "\\* BYE Too many connections from your address",
                "\\* BYE Maximum number of connections from user\\+IP exceeded",
                "\\* BYE Access denied"),
        POP3(1, "\\+OK POP3 ready", "C: USER " + USER + "\nS: \\+OK.*\nC: PASS " + PASSWORD + "\nS: \\+OK.*",
                "C: QUIT\nS: \\+OK.*",
                "-ERR \\[SYS/TEMP\\] Too many connections from your address",
                "-ERR \\[IN-USE\\] Maximum number of connections from user\\+IP exceeded",
                "-ERR \\[SYS/PERM\\] Access denied"),
        SMTP(2, "220 mail\\.test ESMTP ready", "C: EHLO client.example\nS: 250-mail\\.test\nS: 250 AUTH PLAIN LOGIN\n"
                + "C: AUTH PLAIN " + Base64.getEncoder().encodeToString(("\0" + USER + "\0" + PASSWORD)
                .getBytes(StandardCharsets.UTF_8)) + "\nS: 235 2\\.0\\.0 OK",
                "C: QUIT\nS: 221.*",
                "421 4\\.7\\.0 mail\\.test Error: too many connections from 127\\.0\\.0\\.1",
                "421 4\\.7\\.0 mail\\.test Maximum number of connections from user\\+IP exceeded",
                "554 5\\.7\\.1 Client host rejected: Access denied");

        final int listener;
        final String greeting;
        final String login;
        final String logout;
        final String perIp;
        final String perUserIp;
        final String denied;

        Wire(int listener, String greeting, String login, String logout, String perIp, String perUserIp,
             String denied) {
            this.listener = listener;
            this.greeting = greeting;
            this.login = login;
            this.logout = logout;
            this.perIp = perIp;
            this.perUserIp = perUserIp;
            this.denied = denied;
        }
    }

    private static GreenMail greenMail;
    private static Map<Protocol, UpstreamAddress> upstreams;

    @TempDir
    Path dir;

    private PosternFixture postern;
    private final List<ScriptClient> clients = new ArrayList<>();
    private final List<Refusal> refusals = new CopyOnWriteArrayList<>();
    private final List<CloseReason> closes = new CopyOnWriteArrayList<>();
    private final List<UpstreamAddress> upstreamConnections = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startUpstream() {
        greenMail = new GreenMail(new ServerSetup[] {new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP),
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_POP3),
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP)});
        greenMail.start();
        greenMail.setUser(USER, USER, PASSWORD);
        upstreams = Map.of(Protocol.IMAP, new UpstreamAddress("127.0.0.1", greenMail.getImap().getPort()),
                Protocol.POP3, new UpstreamAddress("127.0.0.1", greenMail.getPop3().getPort()),
                Protocol.SMTP, new UpstreamAddress("127.0.0.1", greenMail.getSmtp().getPort()));
    }

    @AfterAll
    static void stopUpstream() {
        greenMail.stop();
    }

    @AfterEach
    void stop() throws Exception {
        for (ScriptClient client : clients) {
            client.close();
        }
        if (postern != null) {
            postern.close();
        }
    }

    private void start(String processSettings, String mailDirectives) throws Exception {
        start(processSettings, mailDirectives, """
                imap { protocol = imap, listen = "127.0.0.1:0" }
                pop3 { protocol = pop3, listen = "127.0.0.1:0" }
                smtp { protocol = smtp, listen = "127.0.0.1:0", xclient = off }
                """, upstreams); // GreenMail speaks no XCLIENT
    }

    private void start(String processSettings, String mailDirectives, String servers,
                       Map<Protocol, UpstreamAddress> to) throws Exception {
        Authenticator auth = request -> request.credentials() instanceof Credentials.Plain plain
                && plain.user().equals(USER) && plain.password().equals(PASSWORD)
                ? StaticAuthModule.answer(AuthDecision.acceptedTo(to.get(request.session().protocol())))
                : StaticAuthModule.answer(AuthDecision.declined());
        SessionListener recorder = new SessionListener() {
            @Override
            public void onRefused(SessionInfo session, Refusal refusal) {
                refusals.add(refusal);
            }

            @Override
            public void onUpstreamConnected(SessionInfo session, UpstreamAddress upstream, Duration connectTime) {
                upstreamConnections.add(upstream);
            }

            @Override
            public void onClose(SessionInfo session, SessionSummary summary) {
                closes.add(summary.reason());
            }
        };
        postern = PosternFixture.start(dir, processSettings + "\nmail {\n  server_name = mail.test\n"
                + "  limit_conn_exempt = []\n" + mailDirectives + "\n  servers {\n" + servers + "  }\n}\n",
                StaticAuthModule.of(auth), ListenerModule.of(recorder));
    }

    private ConnectionLimits limits() {
        return postern.server().connectionLimits();
    }

    private ScriptClient connect(Wire wire, String from) throws Exception {
        return connect(postern.address(wire.listener), from);
    }

    private ScriptClient connect(InetSocketAddress to, String from) throws Exception {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(from, 0));
        socket.connect(to, 10_000);
        ScriptClient client = new ScriptClient(socket);
        clients.add(client);
        return client;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("still not true after 10 s: " + what);
            }
            Thread.sleep(10);
        }
    }

    private static InetAddress ip(String address) throws Exception {
        return InetAddress.getByName(address);
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void refusesTheConnectionBeyondThePerAddressLimitInTheProtocolsWordsAndCountsBackOnEveryClose(Wire wire)
            throws Exception {
        start("", "limit_conn_per_ip = 2");
        ScriptClient preLogin = connect(wire, "127.0.0.1").run("S: " + wire.greeting);
        ScriptClient loggedIn = connect(wire, "127.0.0.1").run("S: " + wire.greeting).run(wire.login);

        connect(wire, "127.0.0.1").run("S: " + wire.perIp + "\nS: <closed>");
        assertThat(limits().connectionsFrom(ip("127.0.0.1"))).isEqualTo(2);

        preLogin.close(); // the client goes before logging in
        await("the pre-login close counted back", () -> limits().openConnections() == 1);
        ScriptClient next = connect(wire, "127.0.0.1").run("S: " + wire.greeting);

        loggedIn.run(wire.logout); // a logged-in session ends
        loggedIn.close();
        next.close();
        await("every count back at zero", () -> limits().openConnections() == 0);
        assertThat(limits().connectionsFrom(ip("127.0.0.1"))).isZero();
        assertThat(limits().sessionsOf(USER)).isZero();
        await("four sessions closed", () -> closes.size() == 4);
        assertThat(refusals).containsExactly(Refusal.CONNECTIONS_PER_IP);
        assertThat(closes).containsOnlyOnce(CloseReason.REFUSED);
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void refusesALoginBeyondThePerUserAndAddressLimitAfterAuthAndBeforeTheUpstream(Wire wire) throws Exception {
        start("", "limit_conn_per_userip = 1");
        ScriptClient first = connect(wire, "127.0.0.1").run("S: " + wire.greeting).run(wire.login);

        ScriptClient second = connect(wire, "127.0.0.1").run("S: " + wire.greeting);
        second.run(wire.login.substring(0, wire.login.lastIndexOf("\nS: ")) + "\nS: " + wire.perUserIp
                + "\nS: <closed>");
        assertThat(limits().sessionsOf(USER)).isEqualTo(1);
        assertThat(upstreamConnections).as("the refused login never reached the upstream").hasSize(1);

        first.run(wire.logout);
        first.close();
        await("the logged-in session counted back", () -> limits().sessionsOf(USER) == 0);
        connect(wire, "127.0.0.2").run("S: " + wire.greeting).run(wire.login).run(wire.logout);
        await("every count back at zero", () -> limits().openConnections() == 0 && limits().sessionsOf(USER) == 0);
        assertThat(refusals).containsExactly(Refusal.CONNECTIONS_PER_USERIP);
    }

    @Test
    void thePerUserLimitCountsTheLoginFromEveryAddress() throws Exception {
        start("", "limit_conn_per_user = 1\nlimit_conn_per_userip = 0");
        ScriptClient first = connect(Wire.IMAP, "127.0.0.1").run("S: " + Wire.IMAP.greeting).run(Wire.IMAP.login);

        connect(Wire.IMAP, "127.0.0.2").run("S: " + Wire.IMAP.greeting + "\nC: b1 LOGIN " + USER + " " + PASSWORD
                + "\nS: \\* BYE Maximum number of connections from user exceeded\nS: <closed>");
        connect(Wire.POP3, "127.0.0.3").run("S: " + Wire.POP3.greeting + "\nC: USER " + USER + "\nS: \\+OK.*\nC: PASS "
                + PASSWORD + "\nS: -ERR \\[IN-USE\\] Maximum number of connections from user exceeded\nS: <closed>");

        first.run(Wire.IMAP.logout);
        await("the login counted back", () -> limits().sessionsOf(USER) == 0);
        assertThat(refusals).containsExactly(Refusal.CONNECTIONS_PER_USER, Refusal.CONNECTIONS_PER_USER);
    }

    @Test
    void oneAddressIsRefusedBeyondItsLimitWhileAnotherStillGetsIn() throws Exception {
        start("", "limit_conn_per_ip = 5");
        int greeted = 0;
        int refused = 0;
        for (int i = 0; i < 20; i++) {
            String line = connect(Wire.IMAP, "127.0.0.1").readLine();
            if (line.matches(Wire.IMAP.greeting)) {
                greeted++;
            } else if (line.matches(Wire.IMAP.perIp)) {
                refused++;
            }
        }
        assertThat(greeted).isEqualTo(5);
        assertThat(refused).isEqualTo(15);

        connect(Wire.IMAP, "127.0.0.2").run("S: " + Wire.IMAP.greeting + "\nC: a1 NOOP\nS: a1 OK completed");
        assertThat(limits().connectionsFrom(ip("127.0.0.1"))).isEqualTo(5);
        assertThat(limits().connectionsFrom(ip("127.0.0.2"))).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Wire.class)
    void accessRulesApplyInOrderAndExemptNetworksSkipThePerAddressLimit(Wire wire) throws Exception {
        start("", """
                access = ["deny 127.0.0.2", "allow 127.0.0.0/8", "deny all"]
                limit_conn_per_ip = 1
                """);
        connect(wire, "127.0.0.2").run("S: " + wire.denied + "\nS: <closed>");
        connect(wire, "127.0.0.1").run("S: " + wire.greeting);
        connect(wire, "127.0.0.1").run("S: " + wire.perIp + "\nS: <closed>");
        assertThat(refusals).containsExactly(Refusal.ACCESS_DENIED, Refusal.CONNECTIONS_PER_IP);
    }

    @Test
    void exemptNetworksSkipThePerAddressLimitsButNotTheAccessRules() throws Exception {
        start("", """
                access = ["deny 127.0.0.4"]
                limit_conn_per_ip = 1
                limit_conn_exempt = ["127.0.0.3", "127.0.0.4"]
                """);
        connect(Wire.IMAP, "127.0.0.3").run("S: " + Wire.IMAP.greeting);
        connect(Wire.IMAP, "127.0.0.3").run("S: " + Wire.IMAP.greeting);
        connect(Wire.IMAP, "127.0.0.3").run("S: " + Wire.IMAP.greeting);
        connect(Wire.IMAP, "127.0.0.4").run("S: \\* BYE Access denied\nS: <closed>");
        assertThat(limits().connectionsFrom(ip("127.0.0.3"))).isZero();
        assertThat(limits().openConnections()).isEqualTo(3);
    }

    @Test
    void refusesNewConnectionsFasterThanTheRateAfterTheBurst() throws Exception {
        start("", "limit_conn_rate = 1r/m\nlimit_conn_rate_burst = 2");
        connect(Wire.IMAP, "127.0.0.1").run("S: " + Wire.IMAP.greeting).close();
        connect(Wire.POP3, "127.0.0.1").run("S: " + Wire.POP3.greeting).close();

        connect(Wire.IMAP, "127.0.0.1").run("S: \\* BYE Too many new connections from your address, try again later\n"
                + "S: <closed>");
        connect(Wire.SMTP, "127.0.0.1").run("S: 421 4\\.7\\.0 mail\\.test Error: too many connections from "
                + "127\\.0\\.0\\.1\nS: <closed>");
        connect(Wire.POP3, "127.0.0.2").run("S: " + Wire.POP3.greeting);
        assertThat(refusals).containsExactly(Refusal.CONNECTION_RATE, Refusal.CONNECTION_RATE);
    }

    @Test
    void theProcessWideLimitCountsEveryListener() throws Exception {
        start("limit_conn_total = 2", "limit_conn_exempt = [\"127.0.0.0/8\"]");
        connect(Wire.IMAP, "127.0.0.1").run("S: " + Wire.IMAP.greeting);
        ScriptClient pop3 = connect(Wire.POP3, "127.0.0.2").run("S: " + Wire.POP3.greeting);

        connect(Wire.SMTP, "127.0.0.3").run("S: 421 4\\.3\\.2 mail\\.test Server busy, try again later\nS: <closed>");
        connect(Wire.IMAP, "127.0.0.3").run("S: \\* BYE Server busy, try again later\nS: <closed>");
        connect(Wire.POP3, "127.0.0.3").run("S: -ERR \\[SYS/TEMP\\] Server busy, try again later\nS: <closed>");

        pop3.run("C: QUIT\nS: \\+OK.*\nS: <closed>");
        await("the POP3 session counted back", () -> limits().openConnections() == 1);
        connect(Wire.SMTP, "127.0.0.3").run("S: " + Wire.SMTP.greeting);
        assertThat(refusals).containsOnly(Refusal.CONNECTIONS_TOTAL).hasSize(3);
    }

    @Test
    void aProxyProtocolListenerLimitsTheRealClientNotTheLoadBalancer() throws Exception {
        start("", """
                set_real_ip_from = ["127.0.0.1"]
                access = ["deny 192.0.2.66"]
                limit_conn_per_ip = 1
                """, "imap { protocol = imap, listen = \"127.0.0.1:0 proxy_protocol\" }\n", upstreams);
        ScriptClient first = connect(postern.address(), "127.0.0.1");
        first.send("PROXY TCP4 192.0.2.1 192.0.2.2 40001 143\r\n").run("S: " + Wire.IMAP.greeting);

        connect(postern.address(), "127.0.0.1").send("PROXY TCP4 192.0.2.1 192.0.2.2 40002 143\r\n")
                .run("S: " + Wire.IMAP.perIp + "\nS: <closed>");
        connect(postern.address(), "127.0.0.1").send("PROXY TCP4 192.0.2.66 192.0.2.2 40003 143\r\n")
                .run("S: \\* BYE Access denied\nS: <closed>");
        connect(postern.address(), "127.0.0.1").send("PROXY TCP4 192.0.2.9 192.0.2.2 40004 143\r\n")
                .run("S: " + Wire.IMAP.greeting);

        assertThat(limits().connectionsFrom(ip("192.0.2.1"))).isEqualTo(1);
        assertThat(limits().connectionsFrom(ip("192.0.2.9"))).isEqualTo(1);
        assertThat(limits().connectionsFrom(ip("127.0.0.1"))).isZero();
        first.run(Wire.IMAP.login);
        assertThat(limits().sessionsOf(USER, ip("192.0.2.1"))).isEqualTo(1);
        assertThat(limits().sessionsOf(USER, ip("127.0.0.1"))).isZero();
        first.run(Wire.IMAP.logout);
    }

    @Test
    void countsGoBackAfterAFailedUpstreamAndAFailedTlsHandshake() throws Exception {
        int closedPort;
        try (ServerSocket unused = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = unused.getLocalPort();
        }
        TestPki pki = TestPki.create(dir.resolve("pki"), "test-ca");
        TestPki.Issued certificate = pki.server("localhost");
        start("", "ssl_certificate = \"" + certificate.certificateFile() + "\"\nssl_certificate_key = \""
                + certificate.keyFile() + "\"", """
                imap { protocol = imap, listen = "127.0.0.1:0" }
                imaps { protocol = imap, listen = "127.0.0.1:0 ssl" }
                """, Map.of(Protocol.IMAP, new UpstreamAddress("127.0.0.1", closedPort)));

        connect(postern.address(0), "127.0.0.1").run("S: " + Wire.IMAP.greeting + "\nC: a1 LOGIN " + USER + " "
                + PASSWORD + "\nS: .*\nS: <closed>");
        connect(postern.address(1), "127.0.0.1").send("a1 NOOP\r\n").expectClosed();

        await("every count back at zero", () -> limits().openConnections() == 0);
        assertThat(limits().connectionsFrom(ip("127.0.0.1"))).isZero();
        assertThat(limits().sessionsOf(USER)).isZero();
        // A lease is released when the channel closes; the listeners hear of the close after it.
        await("both sessions reported closed", () -> closes.size() == 2);
        assertThat(closes).containsExactlyInAnyOrder(CloseReason.INTERNAL_ERROR, CloseReason.PROTOCOL_ERROR);
    }

    @Test
    void anSslListenerClosesARefusedClientWithoutAnAnswer() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"), "test-ca");
        TestPki.Issued certificate = pki.server("localhost");
        start("", "limit_conn_per_ip = 1\nssl_certificate = \"" + certificate.certificateFile()
                + "\"\nssl_certificate_key = \"" + certificate.keyFile() + "\"",
                "imaps { protocol = imap, listen = \"127.0.0.1:0 ssl\" }\n", upstreams);
        ScriptClient first = connect(postern.address(), "127.0.0.1");
        first.startTls(pki.clientContext(), "localhost").run("S: " + Wire.IMAP.greeting);

        connect(postern.address(), "127.0.0.1").expectClosed();
        assertThat(refusals).containsExactly(Refusal.CONNECTIONS_PER_IP);
    }

    @Test
    void warnsOnceAtStartUpWhenTheOpenFilesLimitIsBelowWhatLimitConnTotalNeeds() throws Exception {
        assumeTrue(OpenFiles.limit().isPresent(),
                "a Unix JVM tells its open-files limit");
        Logger logger = (Logger) LoggerFactory.getLogger(ProxyServer.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            start("limit_conn_total = 2000000000", "");
        } finally {
            logger.detachAppender(appender);
        }
        assertThat(appender.list).filteredOn(e -> e.getLevel() == Level.WARN)
                .singleElement().extracting(ILoggingEvent::getFormattedMessage)
                .asString()
                .contains("the open-files limit (ulimit -n) is " + OpenFiles.limit().getAsLong())
                .contains("limit_conn_total = 2000000000 needs 4000000131 descriptors")
                .contains("LimitNOFILE=");
        assertThat(limits().total()).isEqualTo(2_000_000_000);
    }
}
