package io.postern.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The .deb as dpkg reads it, without installing it: its control fields, conffiles, files and
 * their modes, maintainer scripts, systemd unit and logrotate snippet, and a configuration
 * that is a skeleton for a server rather than the sandbox. {@link DebianInstallIT} installs it.
 */
class DebianPackageIT {

    private static DebianPackage deb;

    @BeforeAll
    static void findPackage() {
        Required.command("dpkg-deb", "Debian's dpkg");
        deb = DebianPackage.built();
    }

    @Test
    void isAnArchitectureIndependentPostern() {
        assertThat(deb.field("Package")).isEqualTo("postern");
        assertThat(deb.field("Architecture")).isEqualTo("all");
        assertThat(deb.field("Version")).isEqualTo(Distribution.version().replace("-SNAPSHOT", "~snapshot"));
        assertThat(deb.field("Section")).isEqualTo("mail");
    }

    /**
     * Java 17 or later, however it is packaged: Debian's default runtime from bookworm on
     * (2:1.17), or any package providing a Java 17 runtime (openjdk-17, and later ones which
     * still provide java17-runtime-headless), and adduser for postinst.
     */
    @Test
    void dependsOnAJava17RuntimeAndAdduser() {
        assertThat(deb.field("Depends").split(",\\s*")).containsExactlyInAnyOrder(
                "adduser",
                "default-jre-headless (>= 2:1.17) | java17-runtime-headless | java-runtime-headless (>= 17)");
    }

    @Test
    void everyFileUnderEtcIsAConffile() {
        assertThat(deb.conffiles()).containsExactlyInAnyOrder(
                "/etc/postern/postern.conf",
                "/etc/postern/logback.xml",
                "/etc/postern/modules.d/auth.conf",
                "/etc/postern/modules.d/log.conf",
                "/etc/postern/modules.d/rewrite.conf",
                "/etc/logrotate.d/postern",
                "/etc/default/postern");
    }

    @Test
    void installsTheDistributionUnderUsrSharePostern() {
        final Map<String, DebianPackage.Entry> files = deb.contents();

        assertThat(files.get("/usr/share/postern/bin/postern")).satisfies(launcher -> {
            assertThat(launcher.isExecutable()).as(launcher.mode()).isTrue();
            assertThat(launcher.owner()).isEqualTo("root/root");
        });
        assertThat(files).containsKeys(
                "/usr/share/postern/lib/proxy-core-" + Distribution.version() + ".jar",
                "/usr/share/postern/lib/netty-tcnative-boringssl-static-2.0.84.Final-linux-x86_64.jar",
                "/usr/share/postern/modules/module-auth-" + Distribution.version() + ".jar",
                "/usr/share/postern/modules/module-log-" + Distribution.version() + ".jar",
                "/usr/share/postern/modules/module-rewrite-" + Distribution.version() + ".jar",
                "/lib/systemd/system/postern.service",
                "/usr/share/doc/postern/install.md",
                "/usr/share/doc/postern/examples/rewrite.conf");
        assertThat(files.get("/var/log/postern").isDirectory()).isTrue();
        // The sandbox's embedded mail server is for trying Postern out, not for a server.
        assertThat(files.keySet()).noneMatch(path -> path.contains("sandbox"));
        // Nothing of the tar layout's runnable quick start: its demo users file and its config.
        assertThat(files).doesNotContainKeys("/usr/share/doc/postern/users", "/usr/share/doc/postern/postern.conf");
    }

    /** bin/postern finds conf/ and logs/ under its prefix: they lead where Debian keeps them. */
    @Test
    void thePrefixLeadsToEtcAndVarLog() {
        final Map<String, DebianPackage.Entry> files = deb.contents();

        assertThat(files.get("/usr/share/postern/conf").linkTarget()).isEqualTo("/etc/postern");
        assertThat(files.get("/usr/share/postern/logs").linkTarget()).isEqualTo("/var/log/postern");
        assertThat(files.get("/usr/sbin/postern").linkTarget()).isEqualTo("/usr/share/postern/bin/postern");
    }

    @Test
    void maintainerScriptsAreExecutableShellThatParses(@TempDir Path control) throws IOException {
        deb.extractControl(control);

        for (String script : new String[] {"postinst", "prerm", "postrm"}) {
            final Path file = control.resolve(script);
            assertThat(file).isExecutable();
            assertThat(Files.readString(file)).startsWith("#!/bin/sh\n").contains("set -e");
            Command.run("sh", "-n", file.toString()).ok();
        }
        assertThat(Files.readString(control.resolve("postinst")))
                .contains("adduser --system --group")
                .contains("chown postern:adm /var/log/postern");
        // Only a purge removes the user and the logs; a remove keeps them for a reinstall.
        assertThat(Files.readString(control.resolve("postrm")))
                .containsPattern("(?s)purge\\)\\s+rm -rf /var/log/postern.*deluser --system --quiet postern.*;;");
    }

    @Test
    void unitRunsAsPosternWithTheCapabilityAndHardening(@TempDir Path root) throws IOException {
        deb.extract(root);
        final SystemdUnit unit = SystemdUnit.parse(Files.readString(root.resolve("lib/systemd/system/postern.service")));

        assertThat(unit.sections()).containsExactly("Unit", "Service", "Install");
        assertThat(unit.value("Service", "Type")).isEqualTo("exec");
        assertThat(unit.value("Service", "User")).isEqualTo("postern");
        assertThat(unit.value("Service", "AmbientCapabilities")).isEqualTo("CAP_NET_BIND_SERVICE");
        assertThat(unit.values("Service", "ExecStartPre")).containsExactly("/usr/share/postern/bin/postern -t");
        assertThat(unit.value("Service", "ExecStart")).isEqualTo("/usr/share/postern/bin/postern");
        assertThat(unit.value("Service", "ExecReload")).isEqualTo("/bin/kill -HUP $MAINPID");
        assertThat(unit.value("Service", "ExecStop")).isEqualTo("-/usr/share/postern/bin/postern -s quit");
        // What systemd sends after ExecStop is the graceful signal too (Postern's -s quit).
        assertThat(unit.value("Service", "KillSignal")).isEqualTo("SIGUSR2");
        assertThat(unit.value("Service", "Restart")).isEqualTo("on-failure");
        assertThat(unit.value("Service", "NoNewPrivileges")).isEqualTo("yes");
        assertThat(unit.value("Service", "ProtectSystem")).isEqualTo("strict");
        assertThat(unit.value("Service", "ProtectHome")).isEqualTo("yes");
        assertThat(unit.value("Service", "PrivateTmp")).isEqualTo("yes");
        assertThat(unit.value("Service", "ReadWritePaths")).isEqualTo("/var/log/postern");
        assertThat(unit.value("Service", "RuntimeDirectory")).isEqualTo("postern");
        assertThat(Integer.parseInt(unit.value("Service", "LimitNOFILE"))).isGreaterThanOrEqualTo(65536);
        assertThat(unit.value("Install", "WantedBy")).isEqualTo("multi-user.target");
    }

    /**
     * The unit's stop timeout leaves Postern its whole graceful drain: systemd's SIGKILL comes
     * only after TimeoutStopSec, which must exceed the shutdown_timeout in force (the
     * skeleton's, else core-reference.conf's default), with time to spare for the goodbyes.
     */
    @Test
    void stopTimeoutExceedsTheShutdownTimeout(@TempDir Path root) throws IOException {
        deb.extract(root);
        final SystemdUnit unit = SystemdUnit.parse(Files.readString(root.resolve("lib/systemd/system/postern.service")));
        final Config config = ConfigFactory.parseFile(root.resolve("etc/postern/postern.conf").toFile())
                .withFallback(ConfigFactory.parseResources("io/postern/config/core-reference.conf"));

        final Duration stop = Duration.ofSeconds(Long.parseLong(unit.value("Service", "TimeoutStopSec").replace("s", "")));
        assertThat(stop).isGreaterThanOrEqualTo(config.getDuration("shutdown_timeout").plusSeconds(10));
    }

    @Test
    void configurationIsASkeletonNotTheSandbox(@TempDir Path root) throws IOException {
        deb.extract(root);
        final String conf = Files.readString(root.resolve("etc/postern/postern.conf"));

        assertThat(conf).doesNotContain("sandbox")
                .contains("modules_dir = /usr/share/postern/modules")
                .contains("pid = /run/postern/postern.pid")
                .contains("include \"modules.d/auth.conf\"");
        assertThat(Files.readString(root.resolve("etc/postern/modules.d/log.conf")))
                .contains("access_log = \"/var/log/postern/mail-access.log main\"");
    }

    @Test
    void logrotateReopensTheLogsThroughPostern(@TempDir Path root) throws IOException {
        deb.extract(root);

        assertThat(Files.readString(root.resolve("etc/logrotate.d/postern")))
                .contains("/var/log/postern/*.log {")
                .contains("su postern adm")
                .contains("create 0640 postern adm")
                .containsPattern("(?s)postrotate.*/usr/share/postern/bin/postern -s reopen.*endscript");
    }

    /**
     * Without root, the package unpacked into a scratch root (dpkg -x) passes its own {@code
     * postern -t}, its absolute paths moved into the scratch root. {@link DebianInstallIT} runs
     * the installed one.
     */
    @Test
    void unpackedPackagePassesItsConfigurationTest(@TempDir Path root) throws IOException {
        deb.extract(root);
        final Path conf = root.resolve("etc/postern/postern.conf");
        Files.writeString(conf, Files.readString(conf).replace("/usr/share/postern/", root + "/usr/share/postern/"));

        final Postern.Result test = Postern.run(root.resolve("usr/share/postern/bin/postern"), "-t", "-c", conf.toString());

        assertThat(test.exitCode()).as(test.output()).isZero();
        assertThat(test.output()).contains("configuration file " + conf + " test is successful");
    }
}
