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
    void worksThroughASymlink(@TempDir Path dir) throws IOException {
        // Package managers link /usr/bin/postern to the real launcher; the prefix must still be
        // the distribution's, not the link's directory.
        final Path link = Files.createSymbolicLink(dir.resolve("postern"), Distribution.home().resolve("bin/postern"));

        final Postern.Result result = Postern.run(link, "-t");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains(Distribution.home().toRealPath().resolve("conf/postern.conf").toString());
    }
}
