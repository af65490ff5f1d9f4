package io.postern.bench.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetsTest {

    private static final UpstreamPorts LISTEN = new UpstreamPorts(new InetSocketAddress("127.0.0.1", 10143),
            new InetSocketAddress("127.0.0.1", 10993), new InetSocketAddress("127.0.0.1", 10110),
            new InetSocketAddress("127.0.0.1", 10025), new InetSocketAddress("127.0.0.1", 9000));
    private static final TlsFiles TLS = new TlsFiles(Path.of("/tmp/run/tls/cert.pem"), Path.of("/tmp/run/tls/key.pem"));

    @TempDir
    Path repository;

    @Test
    void theStandardTargetsAndWhatOnlyTheFilteredOneNeeds() {
        assertThat(Targets.standard()).extracting(TargetSpec::name)
                .containsExactly("direct", "postern", "nginx", "postern-filtered");
        TargetSpec filtered = Targets.standard().get(3);
        assertThat(filtered.kind()).isEqualTo(TargetSpec.Kind.POSTERN);
        assertThat(filtered.extraModules()).containsExactly(Targets.REWRITE_MODULE);
        assertThat(filtered.mailConfig()).isEqualTo(Targets.REWRITE_CONFIG);
        assertThat(Targets.standard().get(1).extraModules()).isEmpty();
    }

    @Test
    void javaOptionsAddUp() {
        TargetSpec spec = TargetSpec.postern("postern-g1").withJavaOpts("-XX:+UseG1GC").withJavaOpts("-Xmn64m");
        assertThat(spec.javaOpts()).isEqualTo("-XX:+UseG1GC -Xmn64m");
        assertThatThrownBy(() -> TargetSpec.nginx().withJavaOpts("-Xmx1g")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TargetSpec.postern("a b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anotherBuildRunsBesideTheRepositorys() {
        TargetSpec before = TargetSpec.postern("before").withDistribution(Path.of("/tmp/base/../base/postern"))
                .withJavaOpts("-Xmx1g");
        assertThat(before.distribution()).isEqualTo(Path.of("/tmp/base/postern"));
        assertThat(before.javaOpts()).isEqualTo("-Xmx1g");
        assertThat(TargetSpec.postern("postern").distribution()).isNull();
        assertThatThrownBy(() -> TargetSpec.nginx().withDistribution(Path.of("/tmp")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void posternsConfigurationAsksTheAuthServerAndHoldsTheRulesInItsMailBlock() {
        String conf = PosternConfig.render(LISTEN, TLS, Targets.REWRITE_CONFIG);
        assertThat(conf).contains("auth_http = \"127.0.0.1:9000/auth\"")
                .contains("imap { protocol = imap, listen = \"127.0.0.1:10143\" }")
                .contains("smtp { protocol = smtp, listen = \"127.0.0.1:10025\" }")
                .contains("  rewrite {\n    imap {\n      capabilities.bench { add = [XBENCH] }")
                .doesNotContain("proxy_pass =");
        assertThat(conf.indexOf("rewrite {")).isBetween(conf.indexOf("mail {"), conf.indexOf("servers {"));
        assertThat(PosternConfig.render(LISTEN, TLS, "")).doesNotContain("rewrite");
    }

    @Test
    void nginxsConfigurationIsTheSameMailBlockInNginxsSyntax() {
        String conf = NginxConfig.render(Path.of("/tmp/run/nginx"), LISTEN, TLS, 20_000);
        assertThat(conf).contains("load_module /usr/lib/nginx/modules/ngx_mail_module.so;")
                .contains("daemon off;").contains("worker_connections 20000;")
                .contains("auth_http 127.0.0.1:9000/auth;").contains("proxy_pass_error_message on;")
                .contains("listen 127.0.0.1:10143;\n    protocol imap;")
                .contains("listen 127.0.0.1:10025;\n    protocol smtp;")
                .contains("pid /tmp/run/nginx/nginx.pid;");
    }

    @Test
    void bothProxiesListenForPop3AndImplicitTlsWithTheSameCertificateAndPinnedSuite() {
        String postern = PosternConfig.render(LISTEN, TLS, "");
        assertThat(postern).contains("pop3 { protocol = pop3, listen = \"127.0.0.1:10110\" }")
                .contains("listen = \"127.0.0.1:10993 ssl\"")
                .contains("ssl_certificate = [\"/tmp/run/tls/cert.pem\"]")
                .contains("ssl_certificate_key = [\"/tmp/run/tls/key.pem\"]")
                .contains("ssl_protocols = [TLSv1.3]")
                .contains("ssl_ecdh_curve = \"X25519\"")
                .contains("xclient = on")
                .as("the suite is pinned by the client: BoringSSL cannot take ssl_conf_command")
                .doesNotContain("ssl_conf_command");
        String nginx = NginxConfig.render(Path.of("/tmp/run/nginx"), LISTEN, TLS, 20_000);
        assertThat(nginx).contains("listen 127.0.0.1:10110;\n    protocol pop3;")
                .contains("listen 127.0.0.1:10993 ssl;\n    protocol imap;")
                .contains("ssl_certificate /tmp/run/tls/cert.pem;")
                .contains("ssl_certificate_key /tmp/run/tls/key.pem;")
                .contains("ssl_protocols TLSv1.3;")
                .contains("ssl_ecdh_curve X25519;")
                .contains("protocol smtp;\n    # nginx's default, written out: XCLIENT to Postfix, as Postern's configuration says\n    xclient on;");
    }

    @Test
    void aConfigurationGoesToTheTargetOfItsNameOrMakesOneOfItsOwn() {
        Map<String, String> variants = new LinkedHashMap<>();
        variants.put("base@/tmp/base/postern", "-Xmx1g");
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put("base", "ssl_provider = jdk");
        configs.put("postern-jdk", "ssl_provider = jdk");
        configs.put("old-jdk@/tmp/old/postern", "ssl_provider = jdk");

        List<TargetSpec> specs = Targets.withCommandLine(Targets.standard(), variants, configs);

        assertThat(specs).extracting(TargetSpec::name)
                .containsExactly("direct", "postern", "nginx", "postern-filtered", "base", "postern-jdk", "old-jdk");
        TargetSpec base = specs.get(4);
        assertThat(base.distribution()).isEqualTo(Path.of("/tmp/base/postern"));
        assertThat(base.javaOpts()).isEqualTo("-Xmx1g");
        assertThat(base.mailConfig()).isEqualTo("ssl_provider = jdk");
        assertThat(specs.get(5).distribution()).isNull();
        assertThat(specs.get(5).mailConfig()).isEqualTo("ssl_provider = jdk");
        assertThat(specs.get(6).distribution()).isEqualTo(Path.of("/tmp/old/postern"));
        assertThat(Targets.withCommandLine(Targets.standard(), Map.of(), Map.of("postern", "ssl_provider = jdk")).get(1)
                .mailConfig()).isEqualTo("ssl_provider = jdk");
        assertThatThrownBy(() -> Targets.withCommandLine(Targets.standard(), Map.of(), Map.of("nginx", "x = 1")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Targets.withCommandLine(Targets.standard(), Map.of(), Map.of("postern@/tmp/x", "x = 1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--postern-config");
    }

    @Test
    void jarsAreFoundByGlobTheNewestFirstAndNeverSourcesOrTests() throws Exception {
        Path target = Files.createDirectories(repository.resolve("module-rewrite/target"));
        assertThat(Jars.find(repository, Targets.REWRITE_MODULE)).isEmpty();
        Files.writeString(target.resolve("module-rewrite-0.1.0-SNAPSHOT-sources.jar"), "");
        Files.writeString(target.resolve("original-module-rewrite-0.1.0-SNAPSHOT.jar"), "");
        assertThat(Jars.find(repository, Targets.REWRITE_MODULE)).isEmpty();
        Path old = Files.writeString(target.resolve("module-rewrite-0.0.9.jar"), "");
        Files.setLastModifiedTime(old, FileTime.fromMillis(1_000_000));
        Path current = Files.writeString(target.resolve("module-rewrite-0.1.0-SNAPSHOT.jar"), "");
        assertThat(Jars.find(repository, Targets.REWRITE_MODULE)).contains(current);
        assertThat(Jars.find(repository, "missing/target/missing-*.jar")).isEmpty();
    }
}
