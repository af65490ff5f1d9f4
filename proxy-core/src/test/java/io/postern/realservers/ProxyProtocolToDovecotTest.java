package io.postern.realservers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.postern.spi.AuthDecision;
import io.postern.testing.PosternFixture;
import io.postern.testing.ScriptClient;
import io.postern.testing.StaticAuthModule;
import io.postern.testing.upstreams.MailServers;
import io.postern.testing.upstreams.MailUser;
import io.postern.testing.upstreams.RealMailServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Postern behind a PROXY-protocol load balancer, in front of a Dovecot listener with
 * {@code haproxy = yes}: the client address the balancer gave (Postern trusts it through
 * {@code set_real_ip_from}) is what Dovecot logs as the login's {@code rip}, with
 * {@code proxy_protocol = on} and {@code v2}.
 */
@RealMailServers
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProxyProtocolToDovecotTest {

    private final MailServers servers;
    private PosternFixture postern;

    ProxyProtocolToDovecotTest(MailServers servers) {
        this.servers = servers;
    }

    @BeforeAll
    void startPostern(@TempDir Path dir) throws Exception {
        postern = PosternFixture.start(dir, """
                mail {
                  set_real_ip_from = ["127.0.0.1"]
                  servers {
                    v1 { protocol = imap, listen = "127.0.0.1:0 proxy_protocol", proxy_protocol = on }
                    v2 { protocol = imap, listen = "127.0.0.1:0 proxy_protocol", proxy_protocol = v2 }
                  }
                }
                """, StaticAuthModule.of(request -> StaticAuthModule.answer(
                        AuthDecision.acceptedTo(servers.imapHaproxy()))));
    }

    @AfterAll
    void stopPostern() {
        if (postern != null) {
            postern.close();
        }
    }

    @ParameterizedTest(name = "proxy_protocol {0}")
    @CsvSource({"on, 0, 192.0.2.41, 4", "v2, 1, 198.51.100.42, 5"})
    void dovecotSeesTheClientTheLoadBalancerNamed(String version, int listener, String client, int userIndex)
            throws Exception {
        MailUser user = servers.user(userIndex);
        try (ScriptClient c = new ScriptClient(postern.address(listener))) {
            c.send("PROXY TCP4 " + client + " 192.0.2.2 50123 143\r\n");
            c.run("""
                    S: \\* OK IMAP4 ready
                    C: a1 LOGIN %s %s
                    S: a1 OK .*
                    C: a2 LOGOUT
                    S: \\* BYE .*
                    S: a2 OK .*
                    """.formatted(user.name(), user.password()));
        }
        assumeTrue(servers.dovecotLog().isPresent(), "Dovecot's log is not readable from here ("
                + servers.engine() + "); the login through its haproxy listener worked");
        assertThat(waitForLogin(servers.dovecotLog().get(), user))
                .contains("rip=" + client + ",");
    }

    /** Dovecot's "Login: user=<…>" line for {@code user}, waiting up to 5 s for it to be written. */
    private static String waitForLogin(Path log, MailUser user) throws IOException, InterruptedException {
        String needle = "Login: user=<" + user.name() + ">";
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                if (line.contains(needle)) {
                    return line;
                }
            }
            if (System.nanoTime() > deadline) {
                return "(no \"" + needle + "\" line in " + log + ")";
            }
            Thread.sleep(50);
        }
    }
}
