package io.postern.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.postern.testing.TestPki;
import io.postern.tls.StartTlsMode;
import io.postern.tls.UpstreamTlsMode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TLS directives: defaults, and errors that name the file, the line and what was expected. */
class TlsConfigTest {

    @TempDir
    Path dir;

    private ConfigFixture fixture;
    private String file;

    @BeforeEach
    void setUp() {
        fixture = new ConfigFixture(dir);
        file = fixture.path("postern.conf");
    }

    private String errorsOf(String text) {
        return assertThrows(ConfigException.class, () -> fixture.load(text)).getMessage();
    }

    @Test
    void refusesAnSslListenerWithoutCertificateNamingTheListenLine() {
        assertThat(errorsOf("mail.servers {\n  imaps {\n    listen = \"993 ssl\"\n  }\n}\n")).isEqualTo(file
                + ":3: mail.servers.imaps: no \"ssl_certificate\" is defined for the \"listen ... ssl\" directive");
    }

    @Test
    void refusesStartTlsWithoutCertificateNamingTheStartTlsLine() {
        assertThat(errorsOf("mail {\n  starttls = on\n  servers { imap { listen = 143 } }\n}\n")).isEqualTo(file
                + ":2: mail.servers.imap: no \"ssl_certificate\" is defined for the \"starttls\" directive");
    }

    @Test
    void namesAMissingCertificateFile() {
        assertThat(errorsOf("mail {\n  starttls = only\n  ssl_certificate = missing.crt\n  ssl_certificate_key = missing.key\n"
                + "  servers { imap { listen = 143 } }\n}\n"))
                .startsWith(file + ":3: mail.servers.imap.ssl_certificate: \"" + dir.resolve("missing.crt")
                        + "\" (cannot open");
    }

    @Test
    void refusesAKeyThatDoesNotMatchItsCertificate() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"), "ca");
        TestPki.Issued one = pki.server("one.test");
        TestPki.Issued two = pki.server("two.test");
        assertThat(errorsOf("mail {\n  starttls = on\n  ssl_certificate = \"" + one.certificateFile()
                + "\"\n  ssl_certificate_key = \"" + two.keyFile() + "\"\n  servers { imap { listen = 143 } }\n}\n"))
                .isEqualTo(file + ":4: mail.servers.imap.ssl_certificate_key: \"" + two.keyFile()
                        + "\" (the key does not match its ssl_certificate)");
    }

    @Test
    void refusesWordsOutsideTheirSets() {
        assertThat(errorsOf("mail {\n  proxy_ssl = sometimes\n}\n")).isEqualTo(file
                + ":2: mail.proxy_ssl: \"sometimes\" (expected: " + UpstreamTlsMode.expected() + ")");
        assertThat(errorsOf("mail {\n  ssl_ciphers = \"kEECDH+AESGCM\"\n  starttls = on\n"
                + "  servers { imap { listen = 143 } }\n}\n")).contains("no \"ssl_certificate\"");
    }

    @Test
    void loadsRelativePathsAndDefaults() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"), "ca");
        TestPki.Issued cert = pki.server("mail.test");
        TestPki.Issued ec = pki.serverEc("mail.test");
        Files.copy(cert.certificateFile(), dir.resolve("rsa.crt"));
        Files.copy(cert.keyFile(), dir.resolve("rsa.key"));
        PosternConfig config = fixture.load("mail {\n  starttls = ON\n  ssl_certificate = [rsa.crt, \""
                + ec.certificateFile() + "\"]\n  ssl_certificate_key = [rsa.key, \"" + ec.keyFile() + "\"]\n"
                + "  upstreams { store { servers = [\"10.0.0.1:993\"], ssl = on } }\n"
                + "  servers { imap { listen = 143, proxy_pass = store } }\n}\n");
        ServerSettings imap = config.servers().get(0);
        assertThat(imap.tls().starttls()).isEqualTo(StartTlsMode.ON);
        assertThat(imap.tls().server()).isPresent();
        assertThat(imap.tls().upstream().mode()).isEqualTo(UpstreamTlsMode.PLAIN);
        assertThat(config.upstreams().get("store").tls()).contains(UpstreamTlsMode.SSL);
        assertThat(imap.directives().strings("ssl_protocols")).containsExactly("TLSv1.2", "TLSv1.3");
        assertThat(imap.directives().flag("proxy_ssl_verify")).isTrue();
    }
}
