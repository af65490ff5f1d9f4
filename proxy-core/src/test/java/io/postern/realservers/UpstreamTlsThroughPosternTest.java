package io.postern.realservers;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.spi.AuthDecision;
import io.postern.testing.PosternFixture;
import io.postern.testing.ScriptClient;
import io.postern.testing.StaticAuthModule;
import io.postern.testing.upstreams.MailServers;
import io.postern.testing.upstreams.MailUser;
import io.postern.testing.upstreams.RealMailServers;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Postern reaching a real Dovecot over TLS, checking Dovecot's own certificate: implicit TLS
 * (imaps, pop3s) and STARTTLS on the plain IMAP port, and a refusal, never a silent plain-text
 * login, when the certificate is not trusted.
 */
@RealMailServers(tls = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UpstreamTlsThroughPosternTest {

    private final MailServers servers;
    private PosternFixture postern;

    UpstreamTlsThroughPosternTest(MailServers servers) {
        this.servers = servers;
    }

    @BeforeAll
    void startPostern(@TempDir Path dir) throws Exception {
        Map<String, String> passwords = servers.users().stream()
                .collect(Collectors.toMap(MailUser::name, MailUser::password));
        String ca = "\"" + servers.certificate().orElseThrow() + "\"";
        postern = PosternFixture.start(dir, """
                mail {
                  upstreams {
                    imaps { servers = ["%2$s"], ssl = on }
                    imap-starttls { servers = ["%3$s"], ssl = starttls }
                    pop3s { servers = ["%4$s"], ssl = on }
                    imaps-untrusted { servers = ["%2$s"], ssl = on }
                  }
                  servers {
                    imaps { protocol = imap, listen = "127.0.0.1:0", proxy_pass = imaps
                            proxy_ssl_trusted_certificate = %1$s }
                    starttls { protocol = imap, listen = "127.0.0.1:0", proxy_pass = imap-starttls
                            proxy_ssl_trusted_certificate = %1$s }
                    pop3s { protocol = pop3, listen = "127.0.0.1:0", proxy_pass = pop3s
                            proxy_ssl_trusted_certificate = %1$s }
                    # Only the JDK's CAs here: Dovecot's self-signed certificate is not among them.
                    untrusted { protocol = imap, listen = "127.0.0.1:0", proxy_pass = imaps-untrusted }
                  }
                }
                """.formatted(ca, servers.imaps().orElseThrow(), servers.imap(), servers.pop3s().orElseThrow()),
                StaticAuthModule.of(StaticAuthModule.users(passwords, AuthDecision.accepted())));
    }

    @AfterAll
    void stopPostern() {
        if (postern != null) {
            postern.close();
        }
    }

    @Test
    void logsInToDovecotOverImplicitTls() throws Exception {
        assertImapLogin(0);
    }

    @Test
    void logsInToDovecotAfterStarttls() throws Exception {
        assertImapLogin(1);
    }

    @Test
    void logsInToDovecotOverPop3s() throws Exception {
        MailUser user = servers.user(0);
        try (ScriptClient c = new ScriptClient(postern.address(2))) {
            c.run("""
                    S: \\+OK POP3 ready
                    C: USER %s
                    S: \\+OK
                    C: PASS %s
                    S: \\+OK.*
                    C: STAT
                    S: \\+OK \\d+ \\d+
                    C: QUIT
                    S: \\+OK.*
                    """.formatted(user.name(), user.password()));
        }
    }

    @Test
    void refusesAnUpstreamWhoseCertificateIsNotTrusted() throws Exception {
        MailUser user = servers.user(0);
        try (ScriptClient c = new ScriptClient(postern.address(3))) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C: a1 LOGIN %s %s
                    S: \\* BAD internal server error
                    S: <closed>
                    """.formatted(user.name(), user.password()));
        }
    }

    private void assertImapLogin(int server) throws Exception {
        MailUser user = servers.user(0);
        try (ScriptClient c = new ScriptClient(postern.address(server))) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C: a1 LOGIN %s %s
                    S: (\\* CAPABILITY .*|a1 OK .*)
                    """.formatted(user.name(), user.password()));
            c.send("a2 SELECT INBOX\r\n");
            String line;
            do {
                line = c.readLine();
            } while (line != null && !line.startsWith("a2 "));
            assertThat(line).startsWith("a2 OK");
        }
    }
}
