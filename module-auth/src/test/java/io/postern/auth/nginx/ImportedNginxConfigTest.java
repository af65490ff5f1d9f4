package io.postern.auth.nginx;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.Postern;
import io.postern.config.ListenAddress;
import io.postern.config.ServerSettings;
import io.postern.nginx.NginxImporter;
import io.postern.testing.TestPki;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What {@code postern import-nginx} writes passes {@code postern -t} as it is: nginx-tests'
 * mail configurations converted and loaded through {@link Postern#configure}, the code
 * {@code -t} runs, with module-auth on the class path as in lib/.
 */
class ImportedNginxConfigTest {

    @TempDir
    static Path pkiDir;

    @TempDir
    Path dir;

    /** The certificate, key and password files nginx-tests' configurations name, made once. */
    @BeforeAll
    static void certificates() throws Exception {
        TestPki pki = TestPki.create(pkiDir.resolve("pki"), "nginx-tests");
        for (String name : List.of("localhost", "inherits", "1.example.com", "mail.example.com")) {
            TestPki.Issued issued = pki.server(name);
            Files.copy(issued.certificateFile(), pkiDir.resolve(name + ".crt"));
            Files.copy(issued.keyFile(), pkiDir.resolve(name + ".key"));
        }
        Files.copy(pki.caFile(), pkiDir.resolve("2.example.com.crt"));
        Files.copy(pki.crl("revoked.crl", pki.client("revoked").certificate()), pkiDir.resolve("2.example.com.crl"));
        try (InputStream in = ImportedNginxConfigTest.class.getResourceAsStream("/io/postern/tls/dhparam-2048.pem")) {
            Files.copy(in, pkiDir.resolve("dhparam.pem"));
        }
        Files.writeString(pkiDir.resolve("password"), "unused\n");
    }

    /**
     * Copies test resources of proxy-core (the main file first, then the files it includes)
     * beside the certificates they name, converts the main file, and loads the result.
     */
    private Postern load(String main, String... included) throws Exception {
        Path home = Files.createDirectories(dir.resolve(main.replace('/', '-')));
        for (Path directory : List.of(home, Files.createDirectories(home.resolve("certs")))) {
            try (var files = Files.list(pkiDir)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(file, directory.resolve(file.getFileName()));
                }
            }
        }
        String base = main.contains("/") ? main.substring(0, main.lastIndexOf('/') + 1) : "";
        for (String resource : concat(main, included)) {
            Path target = home.resolve(resource.substring(base.length()));
            Files.createDirectories(target.getParent());
            try (InputStream in = getClass().getResourceAsStream("/io/postern/nginx/" + resource)) {
                Files.copy(in, target);
            }
        }
        NginxImporter.Result result = NginxImporter.convert(home.resolve(main.substring(base.length())));
        Path postern = Files.writeString(home.resolve("postern.conf"), result.hocon());
        return Postern.configure(postern, home, getClass().getClassLoader(), List.of());
    }

    private static List<String> concat(String first, String... rest) {
        List<String> all = new java.util.ArrayList<>(List.of(first));
        all.addAll(List.of(rest));
        return all;
    }

    private static Map<String, ServerSettings> servers(Postern postern) {
        return postern.config().servers().stream().collect(Collectors.toMap(ServerSettings::name, Function.identity()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"mail_imap.conf", "mail_pop3.conf", "mail_smtp.conf", "mail_smtp_xclient.conf",
            "mail_proxy_smtp_auth.conf", "mail_smtp_greeting_delay.conf", "mail_capability.conf",
            "mail_max_errors.conf", "mail_ssl.conf", "mail_imap_ssl.conf", "mail_ssl_session_reuse.conf",
            "mail_ssl_conf_command.conf", "mail_proxy_protocol.conf", "mail_resolver.conf", "mail_error_log.conf"})
    void convertsNginxTestsMailConfigurationsIntoOnesThatPassTheTest(String file) throws Exception {
        try (Postern postern = load("nginx-tests/" + file)) {
            assertThat(postern.config().servers()).isNotEmpty().allSatisfy(server -> {
                assertThat(server.listen()).isNotEmpty();
                assertThat(server.directives().strings("auth_http")).isNotEmpty();
                assertThat(server.directives().integer("auth_http_keepalive")).isZero(); // nginx's HTTP/1.0 request
                assertThat(server.directives().flag("auth_http_extra_headers")).isFalse();
            });
        }
    }

    @Test
    void keepsTheImapSettingsOfMailImap() throws Exception {
        try (Postern postern = load("nginx-tests/mail_imap.conf")) {
            ServerSettings imap = servers(postern).get("imap-8143");
            assertThat(imap.listen()).extracting(ListenAddress::toString).containsExactly("127.0.0.1:8143");
            assertThat(imap.imapAuth()).containsExactly("plain", "cram-md5", "external");
            assertThat(imap.proxyTimeout()).isEqualTo(Duration.ofSeconds(15));
            assertThat(imap.proxyPassErrorMessage()).isFalse();
            assertThat(imap.directives().strings("auth_http")).containsExactly("http://127.0.0.1:8080/mail/auth");
        }
    }

    @Test
    void keepsCapabilitiesAndStarttlsModesOfMailCapability() throws Exception {
        try (Postern postern = load("nginx-tests/mail_capability.conf")) {
            Map<String, ServerSettings> servers = servers(postern);
            assertThat(servers.get("imap-8143").imapCapabilities()).containsExactly("SEE-THIS");
            assertThat(servers.get("imap-8144").directives().string("starttls")).isEqualTo("on");
            assertThat(servers.get("imap-8145").directives().string("starttls")).isEqualTo("only");
            assertThat(servers.get("pop3-8110").directives().strings("pop3_auth")).containsExactly("plain", "apop", "cram-md5");
            assertThat(servers.get("smtp-8025").directives().string("starttls")).isEqualTo("off");
        }
    }

    @Test
    void keepsSmtpSettingsOfMailSmtpAndMaxErrors() throws Exception {
        try (Postern postern = load("nginx-tests/mail_smtp.conf")) {
            Map<String, ServerSettings> servers = servers(postern);
            assertThat(servers.get("smtp-8025").directives().string("xclient")).isEqualTo("off");
            assertThat(servers.get("smtp-8025").directives().strings("smtp_auth"))
                    .containsExactly("login", "plain", "none", "cram-md5", "external");
            assertThat(servers.get("smtp-8027").directives().size("smtp_client_buffer")).isEqualTo(128);
        }
        try (Postern postern = load("nginx-tests/mail_max_errors.conf")) {
            assertThat(postern.config().servers()).extracting(ServerSettings::maxErrors).containsOnly(2);
        }
    }

    @Test
    void keepsProxyProtocolListensRealIpAndHeadersOfMailProxyProtocol() throws Exception {
        try (Postern postern = load("nginx-tests/mail_proxy_protocol.conf")) {
            Map<String, ServerSettings> servers = servers(postern);
            assertThat(servers.get("smtp-8025").listen().get(0).proxyProtocol()).isTrue();
            assertThat(servers.get("smtp-8025").directives().object("auth_http_header")).containsEntry("X-Type", "proxy");
            assertThat(servers.get("smtp-8027").setRealIpFrom()).hasSize(1);
            assertThat(servers.get("smtp-8027").directives().object("auth_http_header")).containsEntry("X-Type", "realip");
            assertThat(servers.get("smtp-8027").directives().flag("proxy_smtp_auth")).isTrue();
        }
    }

    @Test
    void keepsTlsListensAndInheritsCertificatesAsNginxDoesInMailSsl() throws Exception {
        try (Postern postern = load("nginx-tests/mail_ssl.conf")) {
            Map<String, ServerSettings> servers = servers(postern);
            assertThat(servers.get("imap-8143").listen()).extracting(ListenAddress::ssl).containsExactly(false, true);
            assertThat(servers.get("imap-8143").directives().strings("ssl_certificate"))
                    .containsExactly(dir.resolve("nginx-tests-mail_ssl.conf/localhost.crt").toString());
            assertThat(servers.get("imap-8148").directives().strings("ssl_certificate"))
                    .containsExactly(dir.resolve("nginx-tests-mail_ssl.conf/inherits.crt").toString());
            assertThat(servers.get("smtp-8154").directives().string("starttls")).isEqualTo("only");
        }
    }

    @Test
    void keepsTheResolversOfMailResolverWithTheirTimeouts() throws Exception {
        try (Postern postern = load("nginx-tests/mail_resolver.conf")) {
            Map<String, ServerSettings> servers = servers(postern);
            assertThat(servers.get("smtp-8025").directives().strings("resolver"))
                    .containsExactly("127.0.0.1:8981", "127.0.0.1:8982", "127.0.0.1:8983");
            assertThat(servers.get("smtp-8025").directives().duration("resolver_timeout")).isEqualTo(Duration.ofSeconds(2));
            assertThat(servers.get("smtp-8028").directives().duration("resolver_timeout")).isEqualTo(Duration.ofSeconds(1));
        }
    }

    @Test
    void loadsAConfigurationUsingEverySupportedDirective() throws Exception {
        try (Postern postern = load("every-directive.conf")) {
            Map<String, ServerSettings> servers = servers(postern);
            assertThat(servers).containsOnlyKeys("imap-10143", "imap-10993", "mx-example-com-smtp-10025", "pop3-10110");
            ServerSettings imap = servers.get("imap-10143");
            assertThat(imap.timeout()).isEqualTo(Duration.ofSeconds(30));
            assertThat(imap.proxyConnectTimeout()).isEqualTo(Duration.ofSeconds(30));
            assertThat(imap.maxErrors()).isEqualTo(3);
            assertThat(imap.maxCommands()).isEqualTo(100);
            assertThat(imap.imapCapabilities()).containsExactly("IMAP4rev1", "UIDPLUS", "IDLE", "LITERAL+");
            assertThat(imap.listen().get(0).backlog()).isEqualTo(256);
            assertThat(imap.listen().get(0).soKeepalive()).isTrue();
            assertThat(imap.directives().object("auth_http_header"))
                    .containsOnly(Map.entry("X-Auth-Key", "s3cr3t"), Map.entry("X-Frontend", "mail1"));
            assertThat(servers.get("mx-example-com-smtp-10025").serverName()).isEqualTo("mx.example.com");
            assertThat(servers.get("mx-example-com-smtp-10025").setRealIpFrom()).hasSize(2);
            assertThat(servers.get("mx-example-com-smtp-10025").directives().strings("smtp_capabilities"))
                    .containsExactly("SIZE 52428800", "8BITMIME", "ENHANCEDSTATUSCODES");
            assertThat(servers.get("imap-10993").directives().string("ssl_verify_client")).isEqualTo("optional");
            assertThat(servers.get("mx-example-com-smtp-10025").directives().strings("resolver"))
                    .containsExactly("127.0.0.53", "[::1]:5353", "valid=30s", "ipv6=off", "status_zone=dns");
            assertThat(servers.get("mx-example-com-smtp-10025").directives().duration("resolver_timeout"))
                    .isEqualTo(Duration.ofSeconds(10));
            assertThat(servers.get("imap-10993").directives().string("ssl_crl"))
                    .isEqualTo(dir.resolve("every-directive.conf/2.example.com.crl").toString());
            assertThat(imap.directives().string("ssl_ecdh_curve")).isEqualTo("X25519:prime256v1:secp384r1");
            assertThat(imap.directives().object("ssl_conf_command"))
                    .containsOnly(Map.entry("Ciphersuites", "TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256"));
        }
    }

    @Test
    void loadsTheWorkedExampleOfTheMigrationPage() throws Exception {
        try (Postern postern = load("example/nginx.conf", "example/mail.d/imap.conf", "example/mail.d/smtp.conf")) {
            Map<String, ServerSettings> servers = servers(postern);
            assertThat(servers).containsOnlyKeys("imap-143", "imap-993", "smtp-587", "mx-example-com-smtp-25");
            assertThat(servers.get("imap-993").listen().get(0).ssl()).isTrue();
            assertThat(servers.get("smtp-587").directives().string("starttls")).isEqualTo("only");
            assertThat(servers.get("smtp-587").timeout()).isEqualTo(Duration.ofSeconds(30));
            assertThat(servers.get("imap-143").timeout()).isEqualTo(Duration.ofSeconds(60));
            assertThat(servers.get("mx-example-com-smtp-25").directives().strings("smtp_auth")).containsExactly("none");
            assertThat(servers.get("imap-143").directives().strings("auth_http"))
                    .containsExactly("127.0.0.1:9000/mail/auth");
            assertThat(servers.get("smtp-587").directives().strings("resolver")).containsExactly("127.0.0.53");
        }
    }
}
