package io.postern.realservers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.postern.testing.ScriptClient;
import io.postern.testing.upstreams.MailServers;
import io.postern.testing.upstreams.MailUser;
import io.postern.testing.upstreams.RealMailServers;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code proxy_imap_id} and {@code proxy_pop3_xclient}: Dovecot sees the real client, not Postern. The client connects from
 * 127.0.0.2 (all of 127/8 is loopback on Linux) and claims another address in its own ID;
 * Dovecot's login log must name 127.0.0.2, never the claimed one, and Postern's session id.
 */
@RealMailServers
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealClientAddressThroughPosternTest {

    private final MailServers servers;
    private PosternInFront postern;

    RealClientAddressThroughPosternTest(MailServers servers) {
        this.servers = servers;
    }

    @BeforeAll
    void startPostern(@TempDir Path dir) throws Exception {
        postern = PosternInFront.start(dir, servers, "proxy_imap_id = on\nproxy_pop3_xclient = on");
    }

    @AfterAll
    void stopPostern() {
        if (postern != null) {
            postern.close();
        }
    }

    @Test
    void dovecotLogsTheRealClientAddressAndNotTheOneTheClientClaims() throws Exception {
        Path dovecotLog = Path.of(servers.logs().split(", ")[0]);
        assumeThat(Files.isRegularFile(dovecotLog)).as("Dovecot's log is a local file (not in a container)").isTrue();
        MailUser user = servers.user(0);
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
            socket.connect(postern.imap(), 10_000);
            try (ScriptClient c = new ScriptClient(socket)) {
                c.run("""
                        S: \\* OK IMAP4 ready
                        C: a1 ID ("name" "postern-test" "x-originating-ip" "192.0.2.66")
                        S: \\* ID NIL
                        S: a1 OK completed
                        C: a2 LOGIN %s %s
                        S: a2 OK .*
                        C: a3 LOGOUT
                        S: \\* BYE.*
                        S: a3 OK .*
                        """.formatted(user.name(), user.password()));
            }
        }
        List<String> logins = awaitLoginLines(dovecotLog, "imap-login", user.name());
        assertThat(logins).anyMatch(line -> line.contains("rip=127.0.0.2"));
        // Dovecot adopts x-session-id: its log and Postern's name the session alike.
        assertThat(logins).anyMatch(line -> line.matches(".*session=<[0-9a-f]{8}>.*"));
        assertThat(logins).noneMatch(line -> line.contains("192.0.2.66"));
    }

    @Test
    void dovecotLogsTheRealClientAddressOfAPop3LoginThroughXclient() throws Exception {
        Path dovecotLog = Path.of(servers.logs().split(", ")[0]);
        assumeThat(Files.isRegularFile(dovecotLog)).as("Dovecot's log is a local file (not in a container)").isTrue();
        MailUser user = servers.user(1);
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
            socket.connect(postern.pop3(), 10_000);
            try (ScriptClient c = new ScriptClient(socket)) {
                c.run("""
                        S: \\+OK POP3 ready
                        C: USER %s
                        S: \\+OK
                        C: PASS %s
                        S: \\+OK.*
                        C: QUIT
                        S: \\+OK.*
                        """.formatted(user.name(), user.password()));
            }
        }
        List<String> logins = awaitLoginLines(dovecotLog, "pop3-login", user.name());
        assertThat(logins).anyMatch(line -> line.contains("rip=127.0.0.2"));
        assertThat(logins).anyMatch(line -> line.matches(".*session=<[0-9a-f]{8}>.*"));
    }

    private static List<String> awaitLoginLines(Path log, String service, String user) throws Exception {
        List<String> lines = List.of();
        for (int i = 0; i < 50 && lines.isEmpty(); i++) {
            lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                    .filter(l -> l.contains(service + ": Info: Login: user=<" + user + ">")).toList();
            if (lines.isEmpty()) {
                Thread.sleep(100);
            }
        }
        return lines;
    }
}
