package io.postern.rewrite.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postern.Postern;
import io.postern.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code postern -t} does with module-rewrite on the class path (found by its descriptor
 * and services file, as in lib/): the core checks the directive, the module its content.
 */
class CoreConfigurationTest {

    @TempDir
    Path dir;

    private Postern configure(String text) throws Exception {
        Path file = dir.resolve("postern.conf");
        Files.writeString(file, "modules_dir = no-modules\n" + text);
        return Postern.configure(file, dir, CoreConfigurationTest.class.getClassLoader(), List.of());
    }

    @Test
    void acceptsAValidBlockAndRegistersTheFilters() throws Exception {
        try (Postern postern = configure("""
                mail {
                  rewrite.imap.mailboxes.m.map { Sent = "INBOX.Sent" }
                  servers.imap { protocol = imap, listen = "127.0.0.1:0" }
                }
                """)) {
            assertThat(postern.phases().imapFilters()).extracting(f -> f.name()).containsExactly("rewrite");
            assertThat(postern.config().render()).contains("rewrite = {\"imap\":{\"mailboxes\"");
        }
    }

    @Test
    void reportsTheModulesProblemsWithFileAndLine() {
        String file = dir.resolve("postern.conf").toAbsolutePath().toString();
        assertThatThrownBy(() -> configure("""
                mail {
                  rewrite {
                    imap.deny.x { commands = [SEARCH], arguments = "(" }
                  }
                  servers.imap { protocol = imap, listen = "127.0.0.1:0" }
                }
                """)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(file + ":4: mail.rewrite.imap.deny.x.arguments: \"(\" (expected: a regular expression");
    }

    @Test
    void reportsABlockOfTheWrongFormAsTheCoreDoes() {
        String file = dir.resolve("postern.conf").toAbsolutePath().toString();
        assertThatThrownBy(() -> configure("""
                mail {
                  rewrite = on
                  servers.imap { protocol = imap, listen = "127.0.0.1:0" }
                }
                """)).isInstanceOf(ConfigException.class)
                .hasMessage(file + ":3: mail.rewrite: \"on\" (expected: a block { ... })");
    }
}
