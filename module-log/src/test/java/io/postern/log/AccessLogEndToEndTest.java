package io.postern.log;

import static io.postern.log.TestSupport.PASSWORD;
import static io.postern.log.TestSupport.USER;
import static io.postern.log.TestSupport.awaitLines;
import static io.postern.log.TestSupport.loaded;
import static io.postern.log.TestSupport.scripted;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.postern.log.access.Variable;
import io.postern.testing.PosternFixture;
import io.postern.testing.ScriptClient;
import io.postern.testing.StaticAuthModule;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Access-log lines of IMAP sessions through Postern, checked field by field. */
class AccessLogEndToEndTest {

    /** The built-in main format, one group per field. */
    private static final Pattern MAIN = Pattern.compile("(?<remoteAddr>\\S+) - \"(?<login>[^\"]*)\" "
            + "\\[(?<timeLocal>[^]]+)] \"(?<protocol>\\S+) (?<server>\\S+) (?<sessionId>\\S+)\" "
            + "(?<closeReason>\\S+) (?<authStatus>\\S+) (?<authAttempts>\\d+) (?<bytesReceived>\\d+) "
            + "(?<bytesSent>\\d+) (?<upstream>\\S+) (?<connectTime>\\S+) (?<sessionTime>\\S+)");
    private static final String TIME_LOCAL = "\\d\\d/[A-Z][a-z]{2}/\\d{4}:\\d\\d:\\d\\d:\\d\\d [+-]\\d{4}";
    private static final String SECONDS = "\\d+\\.\\d{3}";
    private static final String GOOD_SESSION = """
            S: \\* OK IMAP4 ready
            C: a1 LOGIN %s %s
            S: a1 OK .*
            C: a2 LOGOUT
            S: \\* BYE.*
            S: a2 OK .*
            S: <closed>
            """.formatted(USER, PASSWORD);

    @TempDir
    Path dir;

    private TestSupport.Upstream upstream;
    private PosternFixture postern;
    private final LogModule log = new LogModule();

    @BeforeEach
    void startUpstream() {
        upstream = new TestSupport.Upstream();
    }

    @AfterEach
    void stop() {
        if (postern != null) {
            postern.close();
        }
        upstream.close();
    }

    private void start(String mailDirectives) throws Exception {
        postern = PosternFixture.start(dir, "mail {\n" + mailDirectives + "\n"
                        + "servers { imap { protocol = imap, listen = \"127.0.0.1:0\" } }\n}\n",
                loaded(log), StaticAuthModule.of(scripted(upstream.address())));
    }

    private void session(String script) throws Exception {
        try (ScriptClient c = new ScriptClient(postern.address())) {
            c.run(script);
        }
    }

    private static Matcher main(String line) {
        Matcher m = MAIN.matcher(line);
        assertThat(m.matches()).as("a main-format line: %s", line).isTrue();
        return m;
    }

    @Test
    void logsAGoodLoginAndLogoutFieldByField() throws Exception {
        start("access_log = \"logs/access.log\"");
        session(GOOD_SESSION);
        Matcher m = main(awaitLines(dir.resolve("logs/access.log"), 1).get(0));
        assertThat(m.group("remoteAddr")).isEqualTo("127.0.0.1");
        assertThat(m.group("login")).isEqualTo(USER);
        assertThat(m.group("timeLocal")).matches(TIME_LOCAL);
        assertThat(m.group("protocol")).isEqualTo("imap");
        assertThat(m.group("server")).isEqualTo("imap");
        assertThat(m.group("sessionId")).matches("[0-9a-f]{8}");
        assertThat(m.group("closeReason")).isEqualTo("client_quit");
        assertThat(m.group("authStatus")).isEqualTo("ok");
        assertThat(m.group("authAttempts")).isEqualTo("1");
        int sent = ("a1 LOGIN " + USER + " " + PASSWORD + "\r\na2 LOGOUT\r\n").length();
        assertThat(Long.parseLong(m.group("bytesReceived"))).isEqualTo(sent);
        assertThat(Long.parseLong(m.group("bytesSent"))).isGreaterThan("* OK IMAP4 ready\r\n".length());
        assertThat(m.group("upstream")).isEqualTo(upstream.address().toString());
        assertThat(m.group("connectTime")).matches(SECONDS);
        assertThat(m.group("sessionTime")).matches(SECONDS);
    }

    @Test
    void logsAnAuthFailure() throws Exception {
        start("access_log = \"logs/access.log main\"");
        session("""
                S: \\* OK IMAP4 ready
                C: a1 LOGIN mallory@localhost guess
                S: a1 NO Invalid login
                S: <closed>
                """);
        Matcher m = main(awaitLines(dir.resolve("logs/access.log"), 1).get(0));
        assertThat(m.group("login")).isEqualTo("mallory@localhost");
        assertThat(m.group("closeReason")).isEqualTo("auth_failed");
        assertThat(m.group("authStatus")).isEqualTo("failed");
        assertThat(m.group("authAttempts")).isEqualTo("1");
        assertThat(m.group("upstream")).isEqualTo("-");
        assertThat(m.group("connectTime")).isEqualTo("-");
    }

    @Test
    void logsAPreLoginTimeout() throws Exception {
        start("timeout = 300ms\naccess_log = \"logs/access.log\"");
        session("""
                S: \\* OK IMAP4 ready
                S: <closed>
                """);
        Matcher m = main(awaitLines(dir.resolve("logs/access.log"), 1).get(0));
        assertThat(m.group("login")).isEqualTo("-");
        assertThat(m.group("closeReason")).isEqualTo("timeout");
        assertThat(m.group("authStatus")).isEqualTo("none");
        assertThat(m.group("authAttempts")).isEqualTo("0");
        assertThat(m.group("bytesReceived")).isEqualTo("0");
        assertThat(m.group("upstream")).isEqualTo("-");
        assertThat(Double.parseDouble(m.group("sessionTime"))).isBetween(0.25, 5.0);
    }

    @Test
    void logsAnUpstreamThatCannotBeReached() throws Exception {
        start("access_log = \"logs/access.log\"");
        session("""
                S: \\* OK IMAP4 ready
                C: a1 LOGIN %s anything
                S: \\* BAD .*
                S: <closed>
                """.formatted(TestSupport.UNREACHABLE_USER));
        Matcher m = main(awaitLines(dir.resolve("logs/access.log"), 1).get(0));
        assertThat(m.group("login")).isEqualTo(TestSupport.UNREACHABLE_USER);
        assertThat(m.group("authStatus")).isEqualTo("ok");
        assertThat(m.group("closeReason")).isEqualTo("internal_error");
        assertThat(m.group("upstream")).isEqualTo("-");
        assertThat(m.group("connectTime")).isEqualTo("-");
    }

    @Test
    void writesJsonLinesWithEveryVariableThatAgreeWithTheMainLine() throws Exception {
        start("access_log = [\"logs/access.log\", \"logs/access.json json\"]");
        session(GOOD_SESSION);
        Matcher m = main(awaitLines(dir.resolve("logs/access.log"), 1).get(0));
        Map<String, Object> json = MiniJson.object(awaitLines(dir.resolve("logs/access.json"), 1).get(0));
        assertThat(json.keySet()).containsExactlyElementsOf(
                Arrays.stream(Variable.values()).map(Variable::variableName).toList());
        assertThat(json).containsEntry("session_id", m.group("sessionId")).containsEntry("login", USER)
                .containsEntry("remote_addr", "127.0.0.1").containsEntry("server_addr", "127.0.0.1")
                .containsEntry("server_name", "imap").containsEntry("protocol", "imap")
                .containsEntry("auth_status", "ok").containsEntry("auth_attempts", 1.0)
                .containsEntry("upstream_addr", upstream.address().toString())
                .containsEntry("close_reason", "client_quit").containsEntry("tls_protocol", "-")
                .containsEntry("tls_cipher", "-").containsEntry("commands", "-")
                .containsEntry("bytes_received", Double.parseDouble(m.group("bytesReceived")))
                .containsEntry("bytes_sent", Double.parseDouble(m.group("bytesSent")))
                .containsEntry("server_port", (double) postern.address().getPort());
        assertThat((String) json.get("time_iso8601")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(Z|[+-]\\d\\d:\\d\\d)");
        assertThat((Double) json.get("remote_port")).isPositive();
        assertThat((Double) json.get("session_time")).isNotNegative();
    }

    @Test
    void usesAFormatDefinedWithLogFormat() throws Exception {
        start("log_format { short = \"${session_id}:$login $close_reason \\\"$auth_status\\\"\" }\n"
                + "access_log = \"logs/short.log short\"");
        session("""
                S: \\* OK IMAP4 ready
                C: a1 LOGIN "quo\\"te" guess
                S: a1 NO Invalid login
                S: <closed>
                """);
        // The login is client input: its quote is escaped (nginx's \\x22) so it cannot end a field.
        assertThat(awaitLines(dir.resolve("logs/short.log"), 1).get(0))
                .matches("[0-9a-f]{8}:quo\\\\x22te auth_failed \"failed\"");
    }

    @Test
    void aServerBlockReplacesTheMailBlocksAccessLog() throws Exception {
        postern = PosternFixture.start(dir, """
                mail {
                  access_log = "logs/all.log"
                  servers {
                    a { protocol = imap, listen = "127.0.0.1:0" }
                    b { protocol = imap, listen = "127.0.0.1:0", access_log = "logs/b.log json" }
                    c { protocol = imap, listen = "127.0.0.1:0", access_log = off }
                  }
                }
                """, loaded(log), StaticAuthModule.of(scripted(upstream.address())));
        for (int i = 0; i < 3; i++) {
            try (ScriptClient c = new ScriptClient(postern.address(i))) {
                c.run("S: \\* OK IMAP4 ready\nC: a1 LOGOUT\nS: \\* BYE.*\nS: a1 OK .*\nS: <closed>");
            }
        }
        assertThat(main(awaitLines(dir.resolve("logs/all.log"), 1).get(0)).group("server")).isEqualTo("a");
        assertThat(MiniJson.object(awaitLines(dir.resolve("logs/b.log"), 1).get(0)))
                .containsEntry("server_name", "b").containsEntry("close_reason", "client_quit");
        Thread.sleep(200);
        assertThat(TestSupport.lines(dir.resolve("logs/all.log"))).hasSize(1);
    }

    @Test
    void reopenWritesToANewFileAfterTheOldOneWasRenamed() throws Exception {
        start("access_log = \"logs/access.log\"");
        Path file = dir.resolve("logs/access.log");
        Path rotated = dir.resolve("logs/access.log.1");
        session(GOOD_SESSION);
        String first = main(awaitLines(file, 1).get(0)).group("sessionId");
        Files.move(file, rotated);
        log.reopen();
        session(GOOD_SESSION);
        String second = main(awaitLines(file, 1).get(0)).group("sessionId");
        assertThat(second).isNotEqualTo(first);
        assertThat(TestSupport.lines(rotated)).singleElement().satisfies(l -> assertThat(l).contains(first));
        assertThat(TestSupport.lines(file)).hasSize(1);
    }

    @Test
    void logsTheSessionsOpenWhenPosternStopsBeforeTheFileIsClosed() throws Exception {
        start("access_log = \"logs/access.log\"");
        try (ScriptClient c = new ScriptClient(postern.address())) {
            c.run(GOOD_SESSION.substring(0, GOOD_SESSION.indexOf("C: a2")));
            postern.close();
            postern = null;
        }
        Matcher m = main(awaitLines(dir.resolve("logs/access.log"), 1).get(0));
        // Postern.close() (what the fixture calls) closes sessions without draining them, and
        // the core reports that as the client's close; a drained shutdown says shutdown.
        assertThat(m.group("closeReason")).isIn("shutdown", "client_closed");
        assertThat(m.group("login")).isEqualTo(USER);
        assertThat(m.group("upstream")).isEqualTo(upstream.address().toString());
    }

    @Test
    void neverWritesAPasswordToTheAccessLogOrAnyLogLine() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level before = root.getLevel();
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        root.addAppender(captured);
        root.setLevel(Level.DEBUG);
        try {
            start("access_log = [\"logs/access.log\", \"logs/access.json json\"]\nmetrics_listen = \"127.0.0.1:0\"");
            session("""
                    S: \\* OK IMAP4 ready
                    C: a1 LOGIN %s wrong-%s
                    S: a1 NO Invalid login
                    S: <closed>
                    """.formatted(USER, PASSWORD));
            session(GOOD_SESSION);
            awaitLines(dir.resolve("logs/access.json"), 2);
            postern.close();
            postern = null;
        } finally {
            root.detachAppender(captured);
            root.setLevel(before);
        }
        for (String name : List.of("logs/access.log", "logs/access.json")) {
            assertThat(Files.readString(dir.resolve(name), StandardCharsets.UTF_8)).doesNotContain(PASSWORD);
        }
        List<String> lines = captured.list.stream().filter(e -> !e.getLoggerName().startsWith("com.icegreen"))
                .map(e -> e.getFormattedMessage() + " " + e.getMDCPropertyMap()
                        + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage())).toList();
        assertThat(lines).isNotEmpty().noneMatch(l -> l.contains(PASSWORD));
    }
}
