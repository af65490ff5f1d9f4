package io.postern.testing.upstreams;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.spi.UpstreamAddress;
import io.postern.testing.ScriptClient;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The fixtures themselves, without Postern: what the end-to-end tests rely on. */
@RealMailServers
class MailServersTest {

    private final MailServers servers;

    MailServersTest(MailServers servers) {
        this.servers = servers;
    }

    @Test
    void dovecotLogsInAPasswdFileUser() throws Exception {
        MailUser user = servers.user(0);
        try (ScriptClient c = client(servers.imap())) {
            c.run("""
                    S: \\* OK .*Dovecot ready\\.
                    C: a1 LOGIN %s %s
                    S: a1 OK .*Logged in
                    C: a2 SELECT INBOX
                    S: .*
                    """.formatted(user.name(), user.password()));
        }
    }

    @Test
    void postfixOffersXclientToLoopbackAndDeliversIntoDovecot() throws Exception {
        MailUser user = servers.user(1);
        try (ScriptClient c = client(servers.smtp())) {
            c.run("""
                    S: 220 localhost ESMTP Postfix \\(test upstream\\)
                    C: EHLO client.example
                    S: 250-localhost
                    """);
            String line;
            boolean xclient = false;
            while ((line = c.readLine()).startsWith("250-")) {
                xclient |= line.startsWith("250-XCLIENT");
            }
            assertThat(xclient).as("XCLIENT offered to 127.0.0.1").isTrue();
            c.run("""
                    C: XCLIENT ADDR=192.0.2.7 LOGIN=%s NAME=[UNAVAILABLE]
                    S: 220 .*
                    C: EHLO client.example
                    S: 250-localhost
                    """.formatted(user.name()));
            while (c.readLine().startsWith("250-")) {
                // the rest of the EHLO answer
            }
            c.run("""
                    C: MAIL FROM:<alice@example.com>
                    S: 250 .*
                    C: RCPT TO:<%s>
                    S: 250 .*
                    C: RCPT TO:<someone@example.com>
                    S: 5\\d\\d .*
                    C: DATA
                    S: 354 .*
                    C| Subject: straight to postfix
                    C|
                    C| hello
                    C: .
                    S: 250 .*
                    C: QUIT
                    S: 221 .*
                    """.formatted(user.address()));
        }
        assertThat(Mailboxes.awaitPop3Count(servers.pop3(), user, 1, Duration.ofSeconds(20))).isEqualTo(1);
    }

    private static ScriptClient client(UpstreamAddress address) throws Exception {
        return new ScriptClient(new InetSocketAddress(address.host(), address.port()));
    }
}
