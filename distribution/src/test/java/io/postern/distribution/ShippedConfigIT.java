package io.postern.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.status.Status;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The configuration files as shipped: each passes {@code postern -t}, the shipped one runs the
 * sandbox on loopback, and logback.xml is one Logback accepts.
 */
class ShippedConfigIT {

    private static Config parse(String file) {
        return ConfigFactory.parseFile(Distribution.home().resolve("conf").resolve(file).toFile()).resolve();
    }

    /**
     * Every shipped file passes {@code bin/postern -t} with the shipped modules: the real
     * validator knows every directive of the core and of each module, so no list here can
     * fall behind it.
     */
    @ParameterizedTest
    @ValueSource(strings = {"postern.conf", "examples/upstream-pool.conf", "examples/access-log.conf",
            "examples/audit-log.conf", "examples/rewrite.conf", "examples/oauth-auth-http.conf",
            "examples/oauth-jwks.conf"})
    void passesTheConfigurationTest(String file) {
        final Postern.Result result = Postern.run("-t", "-c", Distribution.home().resolve("conf").resolve(file).toString());

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("test is successful");
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

    /**
     * The console gets the lines that are not about one session and the session lines at WARN and
     * above; logs/postern.log gets every line.
     */
    @Test
    void logbackConfigurationKeepsSessionLinesBelowWarnOffTheConsole(@TempDir Path prefix) throws Exception {
        Files.createDirectories(prefix.resolve("logs"));
        final LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        context.putProperty("postern.prefix", prefix.toString());
        final JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(Distribution.home().resolve("conf/logback.xml").toFile());
        final ByteArrayOutputStream console = new ByteArrayOutputStream();
        final PrintStream out = System.out;

        System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
        try {
            final Logger log = context.getLogger("io.postern.session");
            log.info("listening on 127.0.0.1:143");
            context.getMDCAdapter().put("session", "session=0000002a client=127.0.0.1:50312 ");
            log.info("logged in");
            log.warn("upstream timed out");
            context.getMDCAdapter().remove("session");
        } finally {
            System.setOut(out);
            context.stop();
        }

        assertThat(context.getStatusManager().getCopyOfStatusList())
                .filteredOn(status -> status.getLevel() >= Status.WARN).isEmpty();
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("listening on 127.0.0.1:143")
                .contains("session=0000002a client=127.0.0.1:50312 upstream timed out")
                .doesNotContain("logged in");
        assertThat(prefix.resolve("logs/postern.log")).content().contains("listening on 127.0.0.1:143")
                .contains("session=0000002a client=127.0.0.1:50312 logged in")
                .contains("session=0000002a client=127.0.0.1:50312 upstream timed out");
    }
}
