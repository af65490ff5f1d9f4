package io.postern.log;

import static io.postern.log.TestSupport.loaded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postern.config.ConfigException;
import io.postern.testing.PosternFixture;
import io.postern.testing.ScriptClient;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What module-log does with its directives at start-up. */
class ConfigurationTest {

    @TempDir
    Path dir;

    private PosternFixture start(String mailDirectives, LogModule module) throws Exception {
        return PosternFixture.start(dir, "mail {\n" + mailDirectives + "\n"
                + "servers { imap { protocol = imap, listen = \"127.0.0.1:0\" } }\n}\n", loaded(module));
    }

    @Test
    void withTheDefaultsItWritesNothingAndListensNowhere() throws Exception {
        LogModule module = new LogModule();
        try (PosternFixture postern = start("", module);
             ScriptClient c = new ScriptClient(postern.address())) {
            c.run("S: \\* OK IMAP4 ready\nC: a1 LOGOUT\nS: \\* BYE.*\nS: a1 OK .*\nS: <closed>");
            assertThat(module.metricsAddress()).isEmpty();
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("postern.conf");
        }
    }

    @Test
    void refusesAnUnknownVariableNamingTheDirectiveTheFormatAndTheVariable() {
        assertThatThrownBy(() -> start("log_format { mine = \"$remote_addr $bytes\" }", new LogModule()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("log_format: format \"mine\": unknown variable \"$bytes\"");
    }

    @Test
    void refusesAnAccessLogNamingAnUnknownFormat() {
        assertThatThrownBy(() -> start("access_log = \"logs/a.log combined\"", new LogModule()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("access_log: \"logs/a.log combined\"")
                .hasMessageContaining("unknown format \"combined\"");
        assertThatThrownBy(() -> start("access_log = [\"logs/a.log\", off]", new LogModule()))
                .hasMessageContaining("(expected: \"<path> [format]\", or off alone)");
        assertThatThrownBy(() -> start("access_log = \"logs/a.log main buffer=32k\"", new LogModule()))
                .hasMessageContaining("buffer=, gzip= and if= are not supported");
    }

    @Test
    void refusesModuleWideDirectivesInAServerBlock() {
        assertThatThrownBy(() -> PosternFixture.start(dir, """
                mail { servers { imap { protocol = imap, listen = "127.0.0.1:0", access_log_buffer = 10 } } }
                """, loaded(new LogModule())))
                .hasMessageContaining("mail.servers.imap.access_log_buffer: \"access_log_buffer\" directive is not"
                        + " allowed here (expected: in the mail block)");
    }

    @Test
    void refusesAMetricsListenWithoutAnAddress() {
        assertThatThrownBy(() -> start("metrics_listen = \"9145\"", new LogModule()))
                .hasMessageContaining("metrics_listen: 9145 (expected: off, or address:port such as 127.0.0.1:9145");
        assertThatThrownBy(() -> start("access_log_buffer = 0", new LogModule()))
                .hasMessageContaining("access_log_buffer: 0 (expected: 1-1000000)");
    }

    @Test
    void refusesMetricsCommandsWithoutTheMetricsEndpoint() {
        assertThatThrownBy(() -> PosternFixture.start(dir, """
                mail { servers { imap { protocol = imap, listen = "127.0.0.1:0", metrics_commands = on } } }
                """, loaded(new LogModule())))
                .hasMessageContaining("metrics_commands: on in server \"imap\"")
                .hasMessageContaining("(expected: off unless metrics_listen is set");
    }

    @Test
    void refusesAnAuditLogThatIsAlsoAnAccessLog() {
        assertThatThrownBy(() -> start("access_log = \"logs/mail.log\"\naudit_log = \"logs/./mail.log json\"",
                new LogModule()))
                .hasMessageContaining("is also an access_log file (expected: a file of its own)");
    }

    @Test
    void refusesAnAuditLogBufferInAServerBlockAndAnUnknownAuditFormat() {
        assertThatThrownBy(() -> PosternFixture.start(dir, """
                mail { servers { imap { protocol = imap, listen = "127.0.0.1:0", audit_log_buffer = 10 } } }
                """, loaded(new LogModule())))
                .hasMessageContaining(":2: mail.servers.imap.audit_log_buffer: \"audit_log_buffer\" directive is not allowed here");
        assertThatThrownBy(() -> start("audit_log = \"logs/audit.log combined\"", new LogModule()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown format \"combined\" (expected: main or json)");
    }

    @Test
    void opensTheAuditLogAtStartAndRegistersFiltersOnlyForProtocolsThatUseThem() throws Exception {
        try (PosternFixture postern = PosternFixture.start(dir, """
                mail {
                  audit_log = off
                  servers {
                    imap { protocol = imap, listen = "127.0.0.1:0", audit_log = "logs/audit.log" }
                    pop3 { protocol = pop3, listen = "127.0.0.1:0" }
                  }
                }
                """, loaded(new LogModule()))) {
            assertThat(dir.resolve("logs/audit.log")).exists();
        }
        RecordingContext context = RecordingContext.of(dir, """
                audit_log = off
                """, "imap { protocol = imap, audit_log = \"logs/audit.log\" }", "pop3 { protocol = pop3 }",
                "smtp { protocol = smtp }");
        new LogModule().configure(context);
        assertThat(context.filters).containsExactly("imap_filter:audit");
        RecordingContext none = RecordingContext.of(dir, "", "imap { protocol = imap }");
        new LogModule().configure(none);
        assertThat(none.filters).isEmpty();
        assertThat(none.listeners).isEmpty();
    }
}
