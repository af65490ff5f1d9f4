package io.postern.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code bin/postern} of the packaged distribution, with the command line nginx
 * operators know: {@code -v}, {@code -t}, {@code -t -c file}, {@code -h}.
 */
class LauncherIT {

    @Test
    void printsItsVersion() {
        final Postern.Result result = Postern.run("-v");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("postern version " + Distribution.version());
    }

    @Test
    void findsTheShippedConfigurationValid() {
        final Postern.Result result = Postern.run("-t");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).containsPattern(
                "postern: configuration file \\S*conf/postern\\.conf test is successful");
    }

    @Test
    void reportsTheFileAndLineOfAnUnknownDirective(@TempDir Path dir) throws IOException {
        final Path broken = dir.resolve("broken.conf");
        Files.writeString(broken, """
                mail {
                  servers {
                    imap { protocol = imap, listen = "127.0.0.1:1143" }
                  }
                  no_such_directive = on
                }
                """);

        final Postern.Result result = Postern.run("-t", "-c", broken.toString());

        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).contains("no_such_directive").containsPattern("broken\\.conf:\\s?5\\b");
        assertThat(result.output()).doesNotContain("test is successful");
    }

    @Test
    void reportsTheFileLineAndKeyOfABadRewriteRule(@TempDir Path dir) throws IOException {
        final Path broken = dir.resolve("broken.conf");
        Files.writeString(broken, """
                mail {
                  servers {
                    imap { protocol = imap, listen = "127.0.0.1:1143" }
                  }
                  rewrite.imap.deny {
                    keep-inbox { commands = [DELETE], mailboxes = [INBOX] }
                    bad        { commands = [SEARCH], arguments = "(unclosed" }
                  }
                }
                """);

        final Postern.Result result = Postern.run("-t", "-c", broken.toString());

        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).containsPattern(
                "broken\\.conf:7: mail\\.rewrite\\.imap\\.deny\\.bad\\.arguments: \"\\(unclosed\" "
                        + "\\(expected: a regular expression");
        assertThat(result.output()).doesNotContain("test is successful");
    }

    @Test
    void reportsTheFileAndLineOfASyntaxError(@TempDir Path dir) throws IOException {
        final Path broken = dir.resolve("broken.conf");
        Files.writeString(broken, """
                mail {
                  server_name = localhost
                  servers {
                    imap { protocol = imap, listen = "127.0.0.1:1143"
                }
                """);

        final Postern.Result result = Postern.run("-t", "-c", broken.toString());

        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).containsPattern("broken\\.conf:\\s?\\d+");
    }

    @Test
    void printsUsage() {
        final Postern.Result result = Postern.run("-h");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).containsIgnoringCase("usage").contains("-c").contains("-t").contains("-s");
    }

    @Test
    void importsAnNginxConfigurationThatTheTestThenAccepts(@TempDir Path dir) throws IOException {
        final Path nginx = Files.writeString(dir.resolve("nginx.conf"), """
                worker_processes 1;
                events { }
                mail {
                    auth_http         127.0.0.1:9000/mail/auth;
                    auth_http_header  X-Auth-Key "s3cr3t";
                    imap_auth         plain login;
                    server { listen 127.0.0.1:1143; protocol imap; }
                    server { listen 127.0.0.1:1110; protocol pop3; ssl_certificate_compression on; }
                }
                """);
        final Path converted = dir.resolve("postern.conf");

        // Standard output into the file, as "bin/postern import-nginx nginx.conf > postern.conf"
        final Postern.Result imported = Postern.run(Path.of("/bin/sh"), "-c", "exec \"$0\" import-nginx \"$1\" > \"$2\"",
                Distribution.home().resolve("bin/postern").toString(), nginx.toString(), converted.toString());
        final Postern.Result tested = Postern.run("-t", "-c", converted.toString());

        assertThat(imported.exitCode()).as(imported.output()).isZero();
        assertThat(imported.output()).contains(nginx + ":1: ignored nginx's process directives (worker_processes)")
                .contains(nginx + ":8: dropped \"ssl_certificate_compression\"").doesNotContain("mail {");
        assertThat(converted).content().startsWith("# Converted from " + nginx)
                .contains("  imap_auth = [plain, login]\n").contains("  auth_http = ");
        assertThat(tested.exitCode()).as(tested.output()).isZero();
        assertThat(tested.output()).contains("test is successful");
    }

    @Test
    void worksThroughASymlink(@TempDir Path dir) throws IOException {
        // Package managers link /usr/bin/postern to the real launcher; the prefix must still be
        // the distribution's, not the link's directory.
        final Path link = Files.createSymbolicLink(dir.resolve("postern"), Distribution.home().resolve("bin/postern"));

        final Postern.Result result = Postern.run(link, "-t");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains(Distribution.home().toRealPath().resolve("conf/postern.conf").toString());
    }
}
