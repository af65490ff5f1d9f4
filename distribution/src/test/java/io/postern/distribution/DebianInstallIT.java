package io.postern.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The .deb installed for real with {@code dpkg -i}, as root (CI runs as root; elsewhere the
 * tests are skipped, and fail under CI): the postern user and its log directory, the installed
 * {@code postern -t}, {@code systemd-analyze verify} of the unit, the service run as the unit
 * runs it (the postern user, CAP_NET_BIND_SERVICE only, port 143) with a logrotate run whose
 * {@code postrotate} makes it write to the new file, then remove and purge. The tests run in
 * order over one installation; the last one purges it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DebianInstallIT {

    private static final Path LOGS = Path.of("/var/log/postern");
    private static final Path RUNTIME_DIRECTORY = Path.of("/run/postern");
    private static final long AWAIT_SECONDS = 60;

    private static DebianPackage deb;

    @BeforeAll
    static void install() {
        Required.command("dpkg", "Debian's dpkg");
        if (!Required.root()) {
            throw Required.unavailable("dpkg -i needs root (DebianPackageIT checks the unpacked package without it)");
        }
        if (installed()) {
            throw Required.unavailable("a postern package is installed on this machine already;"
                    + " this test would replace and purge it");
        }
        deb = DebianPackage.built();
        Command.run("dpkg", "-i", deb.file().toString()).ok();
    }

    @AfterAll
    static void purge() {
        if (deb != null && installed()) {
            Command.run("dpkg", "--purge", "postern");
        }
    }

    private static boolean installed() {
        return Command.run("dpkg-query", "-W", "-f=${db:Status-Status}", "postern").output().trim().equals("installed");
    }

    @Test
    @Order(1)
    void createsASystemUserThatOwnsTheLogDirectory() throws IOException {
        final String[] passwd = Command.run("getent", "passwd", "postern").ok().output().trim().split(":");
        final PosixFileAttributes logs = Files.readAttributes(LOGS, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);

        assertThat(Integer.parseInt(passwd[2])).as("a system uid").isLessThan(1000);
        assertThat(passwd[6]).endsWith("nologin");
        assertThat(Command.run("id", "-gn", "postern").ok().output().trim()).isEqualTo("postern");
        assertThat(logs.owner().getName()).isEqualTo("postern");
        assertThat(logs.group().getName()).isEqualTo("adm");
        assertThat(PosixFilePermissions.toString(logs.permissions())).isEqualTo("rwxr-x---");
        assertThat(Path.of("/usr/share/postern/conf").toRealPath()).isEqualTo(Path.of("/etc/postern"));
        assertThat(Path.of("/etc/postern/postern.conf")).isRegularFile();
    }

    /** As the unit's ExecStartPre runs it: the postern user, no flag, the installed configuration. */
    @Test
    @Order(2)
    void installedPosternPassesItsConfigurationTestAsThePosternUser() {
        final Command.Result test = Command.run(asThePosternUser(List.of("/usr/sbin/postern", "-t")));

        assertThat(test.exitCode()).as(test.output()).isZero();
        assertThat(test.output()).contains("configuration file /usr/share/postern/conf/postern.conf test is successful");
    }

    @Test
    @Order(3)
    void systemdFindsTheUnitValid() {
        Required.command("systemd-analyze", "Debian's systemd; .ci/install-packaging-tools installs it");

        final Command.Result verify = Command.run("systemd-analyze", "verify", "/lib/systemd/system/postern.service");

        assertThat(verify.exitCode()).as(verify.output()).isZero();
        assertThat(verify.output()).doesNotContain("postern.service");
    }

    /**
     * What the unit does, without systemd: RuntimeDirectory's /run/postern, then bin/postern as
     * the postern user with CAP_NET_BIND_SERVICE as its only (ambient) capability, on the
     * installed configuration (IMAP on port 143). A forced logrotate moves the access log away;
     * its postrotate's {@code postern -s reopen} is what makes the next session's line land in
     * the new file rather than in the rotated one. {@code postern -s quit} (ExecStop) then
     * stops it with exit status 0.
     */
    @Test
    @Order(4)
    void servesAsTheUnitRunsItAndReopensItsLogsOnLogrotate(@TempDir Path dir) throws Exception {
        Required.command("logrotate", "Debian's logrotate; .ci/install-packaging-tools installs it");
        Required.command("setpriv", "util-linux");
        Command.run("install", "-d", "-o", "postern", "-g", "postern", RUNTIME_DIRECTORY.toString()).ok();
        final Path output = dir.resolve("service.txt");
        final Process service = new ProcessBuilder(asThePosternUser(List.of("/usr/share/postern/bin/postern")))
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            await("the pid file", () -> Files.exists(RUNTIME_DIRECTORY.resolve("postern.pid")), output);
            final Path accessLog = LOGS.resolve("mail-access.log");

            imapLogout();
            await("the first session's access-log line", () -> lines(accessLog) == 1, output);
            Command.run("logrotate", "-f", "-s", dir.resolve("logrotate.status").toString(), "/etc/logrotate.d/postern")
                    .ok();
            await("\"reopened log files\" line", () -> contains(output, "reopened log files"), output);
            imapLogout();
            await("the second session's line in the new file", () -> lines(accessLog) == 1, output);

            assertThat(lines(LOGS.resolve("mail-access.log.1"))).as("the rotated file keeps the first session only")
                    .isEqualTo(1);
            final PosixFileAttributes created = Files.readAttributes(accessLog, PosixFileAttributes.class);
            assertThat(created.owner().getName()).isEqualTo("postern");

            final Command.Result quit = Command.run("/usr/share/postern/bin/postern", "-s", "quit");
            assertThat(quit.exitCode()).as(quit.output()).isZero();
            assertThat(service.waitFor(AWAIT_SECONDS, TimeUnit.SECONDS)).as("stopped after -s quit").isTrue();
            assertThat(service.exitValue()).as(Files.readString(output)).isZero();
        } finally {
            service.destroyForcibly().waitFor();
            Command.run("rm", "-rf", RUNTIME_DIRECTORY.toString());
        }
    }

    @Test
    @Order(5)
    void reinstallingKeepsAnEditedConffile() throws IOException {
        final Path conffile = Path.of("/etc/postern/modules.d/log.conf");
        Files.writeString(conffile, Files.readString(conffile) + "# edited by DebianInstallIT\n");

        Command.run("dpkg", "-i", "--force-confold", deb.file().toString()).ok();

        assertThat(Files.readString(conffile)).endsWith("# edited by DebianInstallIT\n");
    }

    @Test
    @Order(6)
    void removeKeepsTheConfigurationAndPurgeRemovesTheUserAndTheLogs() {
        Command.run("dpkg", "--remove", "postern").ok();

        assertThat(Path.of("/usr/share/postern")).doesNotExist();
        assertThat(Path.of("/etc/postern/postern.conf")).exists();
        assertThat(Command.run("getent", "passwd", "postern").exitCode()).isZero();

        Command.run("dpkg", "--purge", "postern").ok();

        assertThat(Path.of("/etc/postern")).doesNotExist();
        assertThat(LOGS).doesNotExist();
        assertThat(Command.run("getent", "passwd", "postern").exitCode()).as("the postern user").isNotZero();
        assertThat(Command.run("getent", "group", "postern").exitCode()).as("the postern group").isNotZero();
    }

    /** setpriv as systemd applies User=, AmbientCapabilities= and NoNewPrivileges= (no login shell). */
    private static List<String> asThePosternUser(List<String> command) {
        final List<String> setpriv = new java.util.ArrayList<>(List.of("setpriv", "--reuid", "postern", "--regid",
                "postern", "--init-groups", "--inh-caps", "-all,+net_bind_service", "--ambient-caps",
                "-all,+net_bind_service", "--bounding-set", "-all,+net_bind_service", "--no-new-privs"));
        setpriv.addAll(command);
        return setpriv;
    }

    /** A client's whole session on the installed IMAP server: greeting, LOGOUT, BYE. */
    private static void imapLogout() throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", 143), 5000);
            socket.setSoTimeout(5000);
            final BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            final OutputStream out = socket.getOutputStream();
            assertThat(in.readLine()).startsWith("* OK");
            out.write("a1 LOGOUT\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(in.readLine()).startsWith("* BYE");
            assertThat(in.readLine()).isEqualTo("a1 OK completed");
        }
    }

    private static long lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).size() : 0;
        } catch (IOException e) {
            return -1;
        }
    }

    private static boolean contains(Path file, String text) {
        try {
            return Files.readString(file).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    /** Polls a file-system condition; the service's output explains a failure. */
    private static void await(String what, BooleanSupplier condition, Path output) throws Exception {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(AWAIT_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " after " + AWAIT_SECONDS + "s; postern said: "
                        + (Files.exists(output) ? Files.readString(output) : ""));
            }
            Thread.sleep(100);
        }
    }
}
