package io.postern.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.testing.ScriptClient;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * STARTTLS, STLS and SMTP STARTTLS byte for byte: nginx's capability lists for
 * {@code starttls on} and {@code only} (mail_capability.t), the refusals of {@code only}
 * and of STARTTLS where it is not offered (mail_ssl.t), and the injection defence: what a
 * client pipelines behind STARTTLS is never executed after the handshake.
 */
class StartTlsScriptTest {

    @TempDir
    Path dir;

    private TlsFixture fixture;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new TlsFixture(dir);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private ScriptClient client(String protocol, String directives) throws Exception {
        fixture.start(dir, protocol, "", directives);
        return new ScriptClient(fixture.address());
    }

    @Test
    void imapAdvertisesStartTlsAndLogsInOverIt() throws Exception {
        try (ScriptClient c = client("imap", "starttls = on")) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C: a1 CAPABILITY
                    S: \\* CAPABILITY IMAP4 IMAP4rev1 UIDPLUS AUTH=PLAIN STARTTLS
                    S: a1 OK completed
                    C: a2 STARTTLS
                    S: a2 OK completed
                    """);
            c.startTls(fixture.pki.clientContext(), TlsFixture.HOST).run("""
                    C: a3 CAPABILITY
                    S: \\* CAPABILITY IMAP4 IMAP4rev1 UIDPLUS AUTH=PLAIN
                    S: a3 OK completed
                    C: a4 STARTTLS
                    S: a4 BAD invalid command
                    C: a5 LOGIN %s %s
                    S: (\\* .*|a5 OK .*)
                    """.formatted(TlsFixture.USER, TlsFixture.PASSWORD));
        }
    }

    @Test
    void imapOnlyRefusesLoginBeforeTls() throws Exception {
        try (ScriptClient c = client("imap", "starttls = only")) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C: a1 CAPABILITY
                    S: \\* CAPABILITY IMAP4 IMAP4rev1 UIDPLUS STARTTLS LOGINDISABLED
                    S: a1 OK completed
                    C: a2 LOGIN %s %s
                    S: a2 BAD invalid command
                    C: a3 AUTHENTICATE PLAIN
                    S: a3 BAD invalid command
                    """.formatted(TlsFixture.USER, TlsFixture.PASSWORD));
        }
        assertThat(fixture.requests).isEmpty();
    }

    /** nginx answers STARTTLS with its ordinary {@code OK completed} in every mode. */
    @Test
    void imapOnlyAnswersStartTlsAsNginxDoesAndLogsInOverIt() throws Exception {
        try (ScriptClient c = client("imap", "starttls = only")) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C: a1 STARTTLS
                    S: a1 OK completed
                    """);
            c.startTls(fixture.pki.clientContext(), TlsFixture.HOST).run("""
                    C: a2 LOGIN %s %s
                    S: (\\* .*|a2 OK .*)
                    """.formatted(TlsFixture.USER, TlsFixture.PASSWORD));
        }
    }

    @Test
    void imapStartTlsIsInvalidWhenOff() throws Exception {
        try (ScriptClient c = client("imap", "")) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C: a1 CAPABILITY
                    S: \\* CAPABILITY IMAP4 IMAP4rev1 UIDPLUS AUTH=PLAIN
                    S: a1 OK completed
                    C: a2 STARTTLS
                    S: a2 BAD invalid command
                    """);
        }
    }

    /** CVE-2011-0411 / CVE-2014-3556: a LOGIN sent in the same packet as STARTTLS. */
    @Test
    void imapNeverExecutesALoginPipelinedBehindStartTls() throws Exception {
        try (ScriptClient c = client("imap", "starttls = on")) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C| a1 STARTTLS
                    C: a2 LOGIN %s %s
                    S: a1 OK completed
                    """.formatted(TlsFixture.USER, TlsFixture.PASSWORD));
            c.startTls(fixture.pki.clientContext(), TlsFixture.HOST).run("""
                    C: a3 NOOP
                    S: a3 OK completed
                    """);
        }
        assertThat(fixture.requests).isEmpty();
    }

    @Test
    void pop3CapaListsPerMode() throws Exception {
        try (ScriptClient c = client("pop3", "starttls = on\npop3_auth = [plain]")) {
            c.run("""
                    S: \\+OK POP3 ready
                    C: CAPA
                    S: \\+OK Capability list follows
                    S: TOP
                    S: USER
                    S: UIDL
                    S: SASL PLAIN LOGIN
                    S: STLS
                    S: \\.
                    C: STLS
                    S: \\+OK
                    """);
            c.startTls(fixture.pki.clientContext(), TlsFixture.HOST).run("""
                    C: CAPA
                    S: \\+OK Capability list follows
                    S: TOP
                    S: USER
                    S: UIDL
                    S: SASL PLAIN LOGIN
                    S: \\.
                    C: STLS
                    S: -ERR invalid command
                    """);
        }
    }

    @Test
    void pop3OnlyDropsUserAndSaslAndRefusesThem() throws Exception {
        try (ScriptClient c = client("pop3", "starttls = only")) {
            c.run("""
                    S: \\+OK POP3 ready
                    C: CAPA
                    S: \\+OK Capability list follows
                    S: TOP
                    S: UIDL
                    S: STLS
                    S: \\.
                    C: USER %s
                    S: -ERR invalid command
                    C: AUTH PLAIN
                    S: -ERR invalid command
                    """.formatted(TlsFixture.USER));
        }
    }

    @Test
    void pop3NeverExecutesCommandsPipelinedBehindStls() throws Exception {
        try (ScriptClient c = client("pop3", "starttls = on")) {
            c.run("""
                    S: \\+OK POP3 ready
                    C| STLS
                    C| USER %s
                    C: PASS %s
                    S: \\+OK
                    """.formatted(TlsFixture.USER, TlsFixture.PASSWORD));
            c.startTls(fixture.pki.clientContext(), TlsFixture.HOST).run("""
                    C: PASS %s
                    S: -ERR invalid command
                    """.formatted(TlsFixture.PASSWORD));
        }
        assertThat(fixture.requests).isEmpty();
    }

    @Test
    void smtpEhloPerModeAndStartTls() throws Exception {
        try (ScriptClient c = client("smtp", "starttls = on")) {
            c.run("""
                    S: 220 postern\\.test ESMTP ready
                    C: EHLO client.example
                    S: 250-postern\\.test
                    S: 250-AUTH PLAIN LOGIN
                    S: 250 STARTTLS
                    C: STARTTLS
                    S: 220 2\\.0\\.0 Start TLS
                    """);
            c.startTls(fixture.pki.clientContext(), TlsFixture.HOST).run("""
                    C: EHLO client.example
                    S: 250-postern\\.test
                    S: 250 AUTH PLAIN LOGIN
                    C: STARTTLS
                    S: 500 5\\.5\\.1 Invalid command
                    """);
        }
    }

    @Test
    void smtpOnlyOffersNothingButStartTls() throws Exception {
        try (ScriptClient c = client("smtp", "starttls = only")) {
            c.run("""
                    S: 220 .*
                    C: EHLO client.example
                    S: 250-postern\\.test
                    S: 250 STARTTLS
                    C: AUTH PLAIN AGJvYkBsb2NhbGhvc3QAcw==
                    S: 500 5\\.5\\.1 Invalid command
                    """);
        }
        assertThat(fixture.requests).isEmpty();
    }

    /** RFC 3207 4.2: after STARTTLS the client starts over; HELO, MAIL and RCPT sent before are forgotten. */
    @Test
    void smtpForgetsTheEnvelopeAndPipelinedCommandsAfterStartTls() throws Exception {
        try (ScriptClient c = client("smtp", "starttls = on\nsmtp_auth = [plain, none]")) {
            c.run("""
                    S: 220 .*
                    C: HELO client.example
                    S: 250 postern\\.test
                    C: MAIL FROM:<alice@example.com>
                    S: 250 2\\.0\\.0 OK
                    C| STARTTLS
                    C: RCPT TO:<%s>
                    S: 220 2\\.0\\.0 Start TLS
                    """.formatted(TlsFixture.USER));
            c.startTls(fixture.pki.clientContext(), TlsFixture.HOST).run("""
                    C: RCPT TO:<%s>
                    S: 503 5\\.5\\.1 Bad sequence of commands
                    """.formatted(TlsFixture.USER));
        }
        assertThat(fixture.requests).isEmpty();
    }
}
