package io.postern.bench.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetsTest {

    private static final UpstreamPorts LISTEN = new UpstreamPorts(new InetSocketAddress("127.0.0.1", 10143),
            new InetSocketAddress("127.0.0.1", 10025), new InetSocketAddress("127.0.0.1", 9000));

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
        String conf = PosternConfig.render(LISTEN, Targets.REWRITE_CONFIG);
        assertThat(conf).contains("auth_http = \"127.0.0.1:9000/auth\"")
                .contains("imap { protocol = imap, listen = \"127.0.0.1:10143\" }")
                .contains("smtp { protocol = smtp, listen = \"127.0.0.1:10025\" }")
                .contains("  rewrite {\n    imap {\n      capabilities.bench { add = [XBENCH] }")
                .doesNotContain("proxy_pass =");
        assertThat(conf.indexOf("rewrite {")).isBetween(conf.indexOf("mail {"), conf.indexOf("servers {"));
        assertThat(PosternConfig.render(LISTEN, "")).doesNotContain("rewrite");
    }

    @Test
    void nginxsConfigurationIsTheSameMailBlockInNginxsSyntax() {
        String conf = NginxConfig.render(Path.of("/tmp/run/nginx"), LISTEN, 20_000);
        assertThat(conf).contains("load_module /usr/lib/nginx/modules/ngx_mail_module.so;")
                .contains("daemon off;").contains("worker_connections 20000;")
                .contains("auth_http 127.0.0.1:9000/auth;").contains("proxy_pass_error_message on;")
                .contains("listen 127.0.0.1:10143;\n    protocol imap;")
                .contains("listen 127.0.0.1:10025;\n    protocol smtp;")
                .contains("pid /tmp/run/nginx/nginx.pid;");
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
