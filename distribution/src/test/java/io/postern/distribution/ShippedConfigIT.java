package io.postern.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.status.Status;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The configuration files as shipped: valid HOCON using only directives that exist (an
 * unknown one is a start-up error), and a logback.xml Logback accepts. {@code postern -t}
 * checks the first more thoroughly once the CLI exists; this catches a typo before that.
 */
class ShippedConfigIT {

    private static final Set<String> TOP_LEVEL = Set.of(
            "event_loop_threads", "modules_dir", "pid", "shutdown_timeout", "phases", "mail");
    private static final Set<String> CORE = Set.of(
            "server_name", "protocol", "listen", "timeout", "proxy_timeout", "proxy_connect_timeout",
            "auth_timeout", "max_errors", "imap_auth", "imap_capabilities", "imap_client_buffer",
            "imap_greeting", "proxy_buffer", "proxy_pass_error_message", "proxy_pass", "proxy");
    private static final Set<String> SANDBOX = Set.of(
            "sandbox", "sandbox_listen", "sandbox_imap_port", "sandbox_pop3_port", "sandbox_smtp_port",
            "sandbox_users");

    private static Config parse(String file) {
        return ConfigFactory.parseFile(Distribution.home().resolve("conf").resolve(file).toFile()).resolve();
    }

    @ParameterizedTest
    @ValueSource(strings = {"postern.conf", "examples/upstream-pool.conf"})
    void usesOnlyDirectivesThatExist(String file) {
        final Config config = parse(file);
        final Set<String> known = new java.util.HashSet<>(CORE);
        known.addAll(SANDBOX);

        assertThat(config.root().keySet()).isSubsetOf(TOP_LEVEL);
        final ConfigObject mail = config.getObject("mail");
        assertThat(mail.keySet()).allMatch(key -> known.contains(key) || key.equals("servers") || key.equals("upstreams"));
        for (String server : config.getObject("mail.servers").keySet()) {
            assertThat(config.getObject("mail.servers." + server).keySet()).as(server).isSubsetOf(known);
        }
    }

    @Test
    void shippedConfigRunsTheSandboxImapServerOnLoopback() {
        final Config config = parse("postern.conf");

        assertThat(config.getString("modules_dir")).isEqualTo("modules");
        assertThat(config.getString("pid")).isEqualTo("logs/postern.pid");
        assertThat(config.getBoolean("mail.sandbox")).isTrue();
        assertThat(config.getStringList("mail.sandbox_users")).containsExactly("demo@localhost:demo");
        assertThat(config.getStringList("mail.imap_auth")).containsExactly("plain", "login");
        assertThat(config.getBoolean("mail.proxy_pass_error_message")).isTrue();
        assertThat(config.getString("mail.server_name")).isEqualTo("localhost");
        assertThat(config.getString("mail.servers.imap.protocol")).isEqualTo("imap");
        assertThat(config.getString("mail.servers.imap.listen")).isEqualTo("127.0.0.1:1143");
    }

    @Test
    void upstreamPoolExampleNamesAPoolOfTwo() {
        final Config config = parse("examples/upstream-pool.conf");

        assertThat(config.getString("mail.servers.imap.proxy_pass")).isEqualTo("backend");
        assertThat(config.getStringList("mail.upstreams.backend.servers")).hasSize(2);
    }

    @Test
    void logbackConfigurationLoadsAndWritesToLogsUnderThePrefix(@TempDir Path prefix) throws Exception {
        Files.createDirectories(prefix.resolve("logs"));
        final LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter()); // what SLF4J's start-up does for the real context
        context.putProperty("postern.prefix", prefix.toString());
        final JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);

        configurator.doConfigure(Distribution.home().resolve("conf/logback.xml").toFile());
        context.getLogger("io.postern.test").info("hello");
        context.stop();

        assertThat(context.getStatusManager().getCopyOfStatusList())
                .filteredOn(status -> status.getLevel() >= Status.WARN).isEmpty();
        assertThat(prefix.resolve("logs/postern.log")).content().contains("INFO").contains("hello");
    }
}
