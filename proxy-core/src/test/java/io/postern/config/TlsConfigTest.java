package io.postern.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.postern.testing.TestPki;
import io.postern.tls.ProviderChoice;
import io.postern.tls.StartTlsMode;
import io.postern.tls.TlsProvider;
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
                .startsWith(file + ":3: mail.ssl_certificate: \"" + dir.resolve("missing.crt")
                        + "\" (cannot open");
    }

    @Test
    void reportsAnInheritedCertificateErrorOnceNotOncePerServer() {
        assertThat(errorsOf("mail {\n  starttls = on\n  ssl_certificate = missing.crt\n  ssl_certificate_key = missing.key\n"
                + "  servers {\n    imap { listen = 143 }\n    pop3 { listen = 110 }\n    smtp { listen = 25 }\n  }\n}\n"))
                .isEqualTo(file + ":3: mail.ssl_certificate: \"" + dir.resolve("missing.crt")
                        + "\" (cannot open: no such readable file)");
    }

    @Test
    void refusesKeyExchangeGroupsThatDifferBetweenServersAsJava17SetsThemForTheProcess() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"), "ca");
        TestPki.Issued cert = pki.server("mail.test");
        assertThat(errorsOf("mail {\n  starttls = on\n  ssl_certificate = \"" + cert.certificateFile()
                + "\"\n  ssl_certificate_key = \"" + cert.keyFile() + "\"\n  ssl_ecdh_curve = \"X25519:prime256v1\"\n"
                + "  servers {\n    imap { listen = 143 }\n    pop3 {\n      listen = 110\n"
                + "      ssl_ecdh_curve = secp384r1\n    }\n  }\n}\n"))
                .isEqualTo(file + ":10: mail.servers.pop3.ssl_ecdh_curve: \"secp384r1\" (expected: \"X25519:prime256v1\""
                        + " as at " + file + ":5, in every server with TLS: Java 17 sets the key exchange groups for"
                        + " the whole process)");
    }

    @Test
    void refusesAGroupTheJdkLacks() {
        assertThat(errorsOf("mail {\n  starttls = on\n  ssl_ecdh_curve = \"prime256v1:brainpoolP256r1\"\n"
                + "  ssl_certificate = x.crt\n  ssl_certificate_key = x.key\n  servers { imap { listen = 143 } }\n}\n"))
                .startsWith(file + ":3: mail.ssl_ecdh_curve: \"prime256v1:brainpoolP256r1\" (\"brainpoolP256r1\" is not a"
                        + " group the JDK's TLS has; expected: auto, or a list");
    }

    @Test
    void refusesSessionTicketKeysTheJdkCannotUse() {
        assertThat(errorsOf("mail {\n  ssl_session_ticket_key = ticket.key\n}\n")).isEqualTo(file
                + ":2: mail.ssl_session_ticket_key: \"ticket.key\" (not supported: the JDK makes and rotates its own"
                + " session ticket keys and cannot take them from a file; expected: none)");
    }

    @Test
    void namesAnOpenSslCommandTheJdkCannotHonour() {
        assertThat(errorsOf("mail {\n  starttls = on\n  ssl_certificate = x.crt\n  ssl_certificate_key = x.key\n"
                + "  ssl_conf_command { Ciphersuites = TLS_AES_128_GCM_SHA256, Certificate = override.crt }\n"
                + "  servers { imap { listen = 143 } }\n}\n"))
                .isEqualTo(file + ":5: mail.ssl_conf_command: \"Certificate\" (not supported with the JDK's TLS;"
                        + " expected: Ciphersuites, MinProtocol, MaxProtocol, Groups, Curves or Options; the JDK's TLS"
                        + " has no other)");
        assertThat(errorsOf("mail {\n  starttls = on\n  ssl_certificate = x.crt\n  ssl_certificate_key = x.key\n"
                + "  ssl_conf_command { Options = \"PrioritizeChaCha\" }\n  servers { imap { listen = 143 } }\n}\n"))
                .startsWith(file + ":5: mail.ssl_conf_command: \"Options PrioritizeChaCha\" (the option"
                        + " \"PrioritizeChaCha\" is not supported");
    }

    @Test
    void refusesDhParametersThatAreNotASafePrimeGroup() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"), "ca");
        TestPki.Issued cert = pki.server("mail.test");
        Files.writeString(dir.resolve("dh.pem"), "-----BEGIN DH PARAMETERS-----\n"
                + java.util.Base64.getMimeEncoder().encodeToString(dhParameters(java.math.BigInteger.ONE.shiftLeft(2047)
                        .add(java.math.BigInteger.valueOf(7)))) + "\n-----END DH PARAMETERS-----\n");
        assertThat(errorsOf("mail {\n  starttls = on\n  ssl_certificate = \"" + cert.certificateFile()
                + "\"\n  ssl_certificate_key = \"" + cert.keyFile() + "\"\n  ssl_dhparam = dh.pem\n"
                + "  servers { imap { listen = 143 }, pop3 { listen = 110 } }\n}\n"))
                .isEqualTo(file + ":5: mail.ssl_dhparam: \"" + dir.resolve("dh.pem") + "\" (expected: a safe prime,"
                        + " as openssl dhparam writes without -dsaparam)");
        Files.writeString(dir.resolve("dh.pem"), Files.readString(cert.certificateFile()));
        assertThat(errorsOf("mail {\n  starttls = on\n  ssl_certificate = \"" + cert.certificateFile()
                + "\"\n  ssl_certificate_key = \"" + cert.keyFile() + "\"\n  ssl_dhparam = dh.pem\n"
                + "  servers { imap { listen = 143 } }\n}\n"))
                .endsWith("(expected: BEGIN DH PARAMETERS, as written by openssl dhparam)");
    }

    /** PKCS#3 DHParameter for {@code p} and generator 2. */
    static byte[] dhParameters(java.math.BigInteger p) throws Exception {
        java.security.AlgorithmParameters parameters = java.security.AlgorithmParameters.getInstance("DH");
        parameters.init(new javax.crypto.spec.DHParameterSpec(p, java.math.BigInteger.TWO));
        return parameters.getEncoded();
    }

    @Test
    void refusesAKeyThatDoesNotMatchItsCertificate() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"), "ca");
        TestPki.Issued one = pki.server("one.test");
        TestPki.Issued two = pki.server("two.test");
        assertThat(errorsOf("mail {\n  starttls = on\n  ssl_certificate = \"" + one.certificateFile()
                + "\"\n  ssl_certificate_key = \"" + two.keyFile() + "\"\n  servers { imap { listen = 143 } }\n}\n"))
                .isEqualTo(file + ":4: mail.ssl_certificate_key: \"" + two.keyFile()
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

    @Test
    void sslProviderAutoTakesOpenSslWhereItLoadsAndTheJdksWhenAServerNeedsIt() throws Exception {
        assertThat(TlsProvider.openSslAvailable()).as("netty-tcnative loads on this machine").isTrue();
        TestPki pki = TestPki.create(dir.resolve("pki"), "ca");
        TestPki.Issued cert = pki.server("mail.test");
        PosternConfig config = fixture.load("mail {\n  starttls = on\n  ssl_certificate = \"" + cert.certificateFile()
                + "\"\n  ssl_certificate_key = \"" + cert.keyFile() + "\"\n  servers {\n"
                + "    imap { listen = 143, ssl_conf_command { Ciphersuites = TLS_AES_128_GCM_SHA256 } }\n"
                + "    pop3 { listen = 110, ssl_provider = jdk }\n    smtp { listen = 25 }\n  }\n}\n");
        ProviderChoice imap = config.servers().get(0).tls().server().orElseThrow().provider();
        assertThat(imap.provider()).isEqualTo(TlsProvider.JDK);
        assertThat(imap.fallback()).contains("ssl_conf_command \"Ciphersuites TLS_AES_128_GCM_SHA256\" needs it:"
                + " BoringSSL does not let its TLS 1.3 suites be chosen");
        assertThat(config.servers().get(0).tls().upstream().provider().provider()).isEqualTo(TlsProvider.OPENSSL);
        assertThat(config.servers().get(1).tls().server().orElseThrow().provider())
                .isEqualTo(new ProviderChoice(TlsProvider.JDK, java.util.Optional.empty()));
        assertThat(config.servers().get(2).tls().server().orElseThrow().provider().provider())
                .isEqualTo(TlsProvider.OPENSSL);
    }

    @Test
    void sslProviderOpenSslRefusesWhatBoringSslLacksNamingTheDirective() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"), "ca");
        TestPki.Issued cert = pki.server("mail.test");
        String head = "mail {\n  ssl_provider = openssl\n  starttls = on\n  ssl_certificate = \""
                + cert.certificateFile() + "\"\n  ssl_certificate_key = \"" + cert.keyFile() + "\"\n";
        assertThat(errorsOf(head + "  ssl_conf_command { Ciphersuites = TLS_AES_128_GCM_SHA256 }\n"
                + "  servers { imap { listen = 143 } }\n}\n")).isEqualTo(file + ":6: mail.ssl_conf_command:"
                + " \"Ciphersuites TLS_AES_128_GCM_SHA256\" (not supported with ssl_provider openssl: BoringSSL does"
                + " not let its TLS 1.3 suites be chosen; expected: ssl_provider jdk or auto)");
        assertThat(errorsOf(head + "  ssl_ecdh_curve = \"X25519:X448\"\n  servers { imap { listen = 143 } }\n}\n"))
                .isEqualTo(file + ":6: mail.ssl_ecdh_curve: \"X25519:X448\" (not supported with ssl_provider openssl:"
                        + " BoringSSL has no group \"X448\"; it has X25519, prime256v1, secp384r1 and secp521r1;"
                        + " expected: ssl_provider jdk or auto)");
        assertThat(errorsOf("mail {\n  ssl_provider = boringssl\n}\n")).isEqualTo(file
                + ":2: mail.ssl_provider: \"boringssl\" (expected: one of auto, openssl, jdk)");
    }
}
