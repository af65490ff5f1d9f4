package io.postern.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.engine.LoginFlow;
import io.postern.spi.AuthDecision;
import io.postern.testing.PosternFixture;
import io.postern.testing.ScriptClient;
import io.postern.testing.StaticAuthModule;
import io.postern.testing.TestPki;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS toward an upstream with a certificate of its own, from the first byte and with
 * STARTTLS: verified logins work; a wrong host name and an untrusted CA are upstream errors
 * (the client gets the internal error), never a fallback to plain text.
 */
class UpstreamTlsTest {

    private static final String LOGIN_SCRIPT = """
            S: \\* OK IMAP4 ready
            C: a1 LOGIN bob s3cr3t
            S: a1 OK LOGIN completed
            C: a2 NOOP
            S: a2 OK done
            """;
    private static final String REFUSED_SCRIPT = """
            S: \\* OK IMAP4 ready
            C: a1 LOGIN bob s3cr3t
            S: \\* BAD internal server error
            S: <closed>
            """;

    @TempDir
    Path dir;

    private TestPki upstreamCa;
    private TestPki.Issued upstreamCert;
    private FakeTlsImapUpstream upstream;
    private PosternFixture postern;

    @BeforeEach
    void setUp() throws Exception {
        upstreamCa = TestPki.create(dir.resolve("upstream-pki"), "upstream-ca");
        upstreamCert = upstreamCa.server("store.test");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (postern != null) {
            postern.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    private void start(boolean implicit, String directives, Map<String, String> attributes) throws Exception {
        upstream = new FakeTlsImapUpstream(upstreamCert, implicit);
        AuthDecision accepted = new AuthDecision.Accepted(Optional.empty(), Optional.empty(),
                Optional.of(upstream.address()), attributes);
        postern = PosternFixture.start(dir, "mail {\n" + directives + "\n"
                + "servers { imap { protocol = imap, listen = \"127.0.0.1:0\" } }\n}\n",
                StaticAuthModule.of(request -> StaticAuthModule.answer(accepted)));
    }

    private String trusting(TestPki ca) {
        return "proxy_ssl_trusted_certificate = \"" + ca.caFile() + "\"\n";
    }

    @Test
    void logsInOverImplicitTlsWithAVerifiedCertificate() throws Exception {
        start(true, "proxy_ssl = on\n" + trusting(upstreamCa), Map.of());
        try (ScriptClient c = new ScriptClient(postern.address())) {
            c.run(LOGIN_SCRIPT);
        }
        assertThat(upstream.loginOverTls).isTrue();
    }

    @Test
    void logsInAfterStartTlsAskedForByTheAuthDecision() throws Exception {
        start(false, trusting(upstreamCa) + "proxy_ssl_name = store.test",
                Map.of(io.postern.spi.SessionAttributes.UPSTREAM_TLS, "starttls"));
        try (ScriptClient c = new ScriptClient(postern.address())) {
            c.run(LOGIN_SCRIPT);
        }
        assertThat(upstream.received).first().isEqualTo("postern-tls STARTTLS");
        assertThat(upstream.loginOverTls).isTrue();
    }

    @Test
    void logsInAfterStartTlsAskedForByThePool() throws Exception {
        upstream = new FakeTlsImapUpstream(upstreamCert, false);
        postern = PosternFixture.start(dir, "mail {\n" + trusting(upstreamCa)
                + "upstreams { store { servers = [\"" + upstream.address() + "\"], ssl = starttls } }\n"
                + "servers { imap { protocol = imap, listen = \"127.0.0.1:0\", proxy_pass = store } }\n}\n",
                StaticAuthModule.of(request -> StaticAuthModule.answer(AuthDecision.accepted())));
        try (ScriptClient c = new ScriptClient(postern.address())) {
            c.run(LOGIN_SCRIPT);
        }
        assertThat(upstream.loginOverTls).isTrue();
    }

    @Test
    void refusesAnUpstreamWhoseNameDoesNotMatch() throws Exception {
        start(true, "proxy_ssl = on\n" + trusting(upstreamCa) + "proxy_ssl_name = wrong.test", Map.of());
        try (ScriptClient c = new ScriptClient(postern.address())) {
            c.run(REFUSED_SCRIPT);
        }
        assertThat(upstream.loginOverTls).isFalse();
    }

    @Test
    void refusesAnUpstreamSignedByAnUntrustedCa() throws Exception {
        TestPki stranger = TestPki.create(dir.resolve("stranger"), "stranger-ca");
        start(false, "proxy_ssl = starttls\n" + trusting(stranger), Map.of());
        try (ScriptClient c = new ScriptClient(postern.address())) {
            c.run(REFUSED_SCRIPT);
        }
        assertThat(upstream.received).doesNotContain("a1 LOGIN {3}");
        assertThat(upstream.loginOverTls).isFalse();
    }
}
