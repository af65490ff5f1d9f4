package io.postern.log;

import static io.postern.log.TestSupport.PASSWORD;
import static io.postern.log.TestSupport.USER;
import static io.postern.log.TestSupport.await;
import static io.postern.log.TestSupport.loaded;
import static io.postern.log.TestSupport.scripted;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.postern.testing.PosternFixture;
import io.postern.testing.ScriptClient;
import io.postern.testing.StaticAuthModule;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.SubjectTerm;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The audit log of IMAP sessions through Postern to GreenMail, written by a real client (Angus
 * Mail) that logs in, appends a message and searches. Needs the core's framed IMAP relay: until
 * it is there (the IMAP protocol gives no POST-LOGIN phase of its own), these tests are skipped.
 */
class AuditLogEndToEndTest {

    /** An audit line in the main format, one group per field. */
    private static final Pattern MAIN = Pattern.compile("(?<client>\\S+) - \"(?<login>[^\"]*)\" \\[(?<time>[^]]+)] "
            + "\"(?<protocol>\\S+) (?<server>\\S+) (?<session>\\S+)\" \"(?<mailbox>[^\"]*)\" (?<kind>[CS]) "
            + "(?<tag>\\S+) (?<rest>.*)");
    private static final String TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d)";
    private static final String SUBJECT = "audit-subject";
    /** A message body longer than any inline limit, so its APPEND literal is streamed. */
    private static final int LARGE = 1 << 20;

    @TempDir
    Path dir;

    private final String bodyMarker = "body-" + UUID.randomUUID();
    private TestSupport.Upstream upstream;
    private PosternFixture postern;
    private final LogModule log = new LogModule();

    @BeforeEach
    void requireTheFramedRelay() {
        upstream = new TestSupport.Upstream();
    }

    @AfterEach
    void stop() {
        if (postern != null) {
            postern.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    private void start(String mailDirectives) throws Exception {
        postern = PosternFixture.start(dir, "mail {\n" + mailDirectives + "\n"
                        + "servers { imap { protocol = imap, listen = \"127.0.0.1:0\" } }\n}\n",
                loaded(log), StaticAuthModule.of(scripted(upstream.address())));
    }

    /** Logs in with Angus Mail, selects INBOX, appends a message, searches for it, closes, logs out. */
    private void appendAndSearch() throws Exception {
        InetSocketAddress address = postern.address();
        Properties props = new Properties();
        props.setProperty("mail.imap.host", address.getHostString());
        props.setProperty("mail.imap.port", String.valueOf(address.getPort()));
        props.setProperty("mail.imap.connectiontimeout", "10000");
        props.setProperty("mail.imap.timeout", "20000");
        Session mail = Session.getInstance(props);
        Store store = mail.getStore("imap");
        store.connect(USER, PASSWORD);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            // A small message goes up as a literal the filters get whole, a large one as a
            // streamed literal: the audit shows both as their length only.
            inbox.appendMessages(new Message[] {message(mail, "")});
            inbox.appendMessages(new Message[] {message(mail, "x".repeat(LARGE))});
            assertThat(inbox.search(new SubjectTerm(SUBJECT))).hasSize(2);
            inbox.close(false);
        } finally {
            store.close();
        }
    }

    private MimeMessage message(Session mail, String padding) throws Exception {
        MimeMessage message = new MimeMessage(mail);
        message.setFrom(new InternetAddress("alice@example.com"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(USER));
        message.setSubject(SUBJECT);
        message.setText("the literal's contents: " + bodyMarker + "\n" + padding);
        return message;
    }

    /** A logged-in session that sends LOGIN again, with the password, after its login. */
    private void loginAgainAfterLogin() throws Exception {
        try (ScriptClient c = new ScriptClient(postern.address())) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C: a1 LOGIN %s %s
                    S: a1 OK .*
                    C: a2 LOGIN %s %s
                    S: a2 (NO|BAD) .*
                    C: a3 LOGOUT
                    S: \\* BYE.*
                    S: a3 OK .*
                    S: <closed>
                    """.formatted(USER, PASSWORD, USER, PASSWORD));
        }
    }

    /** Waits until {@code file} holds the results of {@code logouts} LOGOUTs, and returns its lines. */
    private static List<String> awaitLogouts(Path file, int logouts) throws InterruptedException {
        await(logouts + " LOGOUT result(s) in " + file, () -> TestSupport.lines(file).stream()
                .filter(l -> l.contains("\"LOGOUT\"") || l.contains("\"verb\":\"LOGOUT\"") && l.contains("result"))
                .count() >= logouts);
        return TestSupport.lines(file);
    }

    private static List<Matcher> parsed(List<String> lines) {
        List<Matcher> matchers = new ArrayList<>();
        for (String line : lines) {
            Matcher m = MAIN.matcher(line);
            assertThat(m.matches()).as("a main-format audit line: %s", line).isTrue();
            matchers.add(m);
        }
        return matchers;
    }

    /** The lines of the session whose commands include {@code verb}, as "mailbox kind tag rest". */
    private static List<String> sessionWith(List<Matcher> lines, String verb) {
        String session = lines.stream()
                .filter(m -> m.group("kind").equals("C")
                        && (m.group("rest").equals(verb) || m.group("rest").startsWith(verb + " ")))
                .findFirst().orElseThrow(() -> new AssertionError("no " + verb + " command in " + lines))
                .group("session");
        return lines.stream().filter(m -> m.group("session").equals(session))
                .map(m -> m.group("mailbox") + " " + m.group("kind") + " " + m.group("tag") + " " + m.group("rest"))
                .toList();
    }

    /** The index of the first line matching {@code regex}; -1 when none does. */
    private static int indexOf(List<String> lines, String regex) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).matches(regex)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void showsTheCommandsOfASessionThatAppendsAndSearchesWithoutThePasswordOrTheMessage() throws Exception {
        start("audit_log = [\"logs/audit.log\", \"logs/audit.json json\"]\naccess_log = \"logs/access.json json\"");
        appendAndSearch();
        loginAgainAfterLogin();
        List<String> text = awaitLogouts(dir.resolve("logs/audit.log"), 2);
        List<Matcher> lines = parsed(text);
        assertThat(lines).allSatisfy(m -> {
            assertThat(m.group("client")).isEqualTo("127.0.0.1");
            assertThat(m.group("login")).isEqualTo(USER);
            assertThat(m.group("time")).matches(TIME);
            assertThat(m.group("protocol") + " " + m.group("server")).isEqualTo("imap imap");
            assertThat(m.group("session")).matches("[0-9a-f]{8}");
        });

        List<String> angus = sessionWith(lines, "APPEND");
        // Angus Mail may add CAPABILITY, NOOP or LIST, and closes INBOX with UNSELECT or CLOSE
        // (or EXAMINE then CLOSE): what matters is found in this order.
        int select = indexOf(angus, "- C \\S+ SELECT INBOX");
        int selected = indexOf(angus, "INBOX S \\S+ OK \\d+\\.\\d{3} - \"SELECT\" .*");
        int append = indexOf(angus, "INBOX C \\S+ APPEND INBOX .*\\{\\d+}");
        int appended = indexOf(angus, "INBOX S \\S+ OK \\d+\\.\\d{3} - \"APPEND\" .*");
        int search = indexOf(angus, "INBOX C \\S+ SEARCH .*SUBJECT \"?" + SUBJECT + "\"?.*");
        int searched = indexOf(angus, "INBOX S \\S+ OK \\d+\\.\\d{3} - \"SEARCH\" .*");
        int logout = indexOf(angus, "- C \\S+ LOGOUT");
        int loggedOut = indexOf(angus, "- S \\S+ OK \\d+\\.\\d{3} - \"LOGOUT\" .*");
        assertThat(List.of(select, selected, append, appended, search, searched, logout, loggedOut))
                .as("%s", angus).isSorted().doesNotContain(-1);
        assertThat(loggedOut).isEqualTo(angus.size() - 1);

        // The message went up as a literal: the line shows its length, never its bytes.
        assertThat(angus.stream().filter(l -> l.matches("INBOX C \\S+ APPEND INBOX .*"))
                .map(l -> Long.parseLong(l.replaceAll(".*\\{(\\d+)}$", "$1"))))
                .satisfiesExactly(small -> assertThat(small).isBetween((long) bodyMarker.length(), 10_000L),
                        large -> assertThat(large).isGreaterThan(LARGE));

        assertThat(sessionWith(lines, "LOGIN")).contains("- C a2 LOGIN <redacted>");
        String all = Files.readString(dir.resolve("logs/audit.log")) + Files.readString(dir.resolve("logs/audit.json"));
        assertThat(all).doesNotContain(PASSWORD).doesNotContain(bodyMarker).doesNotContain("literal's contents");

        List<String> json = awaitLogouts(dir.resolve("logs/audit.json"), 2);
        assertThat(json).hasSameSizeAs(text);
        List<Map<String, Object>> objects = json.stream().map(MiniJson::object).toList();
        assertThat(objects).anySatisfy(o -> assertThat(o).containsEntry("type", "command")
                .containsEntry("verb", "APPEND").containsEntry("mailbox", "INBOX").containsEntry("login", USER));
        assertThat(objects).anySatisfy(o -> assertThat(o).containsEntry("type", "result")
                .containsEntry("verb", "SEARCH").containsEntry("status", "OK"));

        // The access log's $commands is the number of commands the audit shows for the session.
        String angusSession = (String) objects.stream().filter(o -> "APPEND".equals(o.get("verb"))).findFirst()
                .orElseThrow().get("session_id");
        long commands = objects.stream().filter(o -> o.get("session_id").equals(angusSession)
                && o.get("type").equals("command")).count();
        List<String> access = TestSupport.awaitLines(dir.resolve("logs/access.json"), 2);
        assertThat(access.stream().map(MiniJson::object).filter(o -> o.get("session_id").equals(angusSession)))
                .singleElement().satisfies(o -> assertThat(o).containsEntry("commands", Long.toString(commands)));
    }

    @Test
    void auditsOnlyTheUsersItNames() throws Exception {
        start("access_log = \"logs/access.log\"\naudit_log = \"logs/audit.log\"\n"
                + "audit_log_users = [\"someone-else@localhost\"]");
        loginAgainAfterLogin();
        TestSupport.awaitLines(dir.resolve("logs/access.log"), 1);
        Thread.sleep(200);
        assertThat(TestSupport.lines(dir.resolve("logs/audit.log"))).isEmpty();
    }

    @Test
    void countsCommandsByVerbWithMetricsCommands() throws Exception {
        start("metrics_listen = \"127.0.0.1:0\"\nmetrics_commands = on");
        appendAndSearch();
        Scrape scrape = new Scrape(log.metricsAddress().orElseThrow());
        await("the LOGOUT counted", () -> {
            try {
                return Scrape.value(scrape.metrics(), "postern_commands_total", "verb=\"LOGOUT\"") >= 1;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        String metrics = scrape.metrics();
        assertThat(Scrape.value(metrics, "postern_commands_total", "server=\"imap\"", "protocol=\"imap\"",
                "verb=\"APPEND\"")).isEqualTo(2);
        assertThat(Scrape.value(metrics, "postern_commands_total", "verb=\"SELECT\"")).isEqualTo(1);
        assertThat(Scrape.value(metrics, "postern_commands_total", "verb=\"LOGIN\"")).isZero();
        assertThat(Scrape.value(metrics, "postern_audit_log_dropped_total")).isZero();
    }

    @Test
    void reopenWritesTheAuditLogToANewFileAfterTheOldOneWasRenamed() throws Exception {
        start("audit_log = \"logs/audit.log\"");
        Path file = dir.resolve("logs/audit.log");
        loginAgainAfterLogin();
        int first = awaitLogouts(file, 1).size();
        Files.move(file, dir.resolve("logs/audit.log.1"));
        log.reopen();
        loginAgainAfterLogin();
        assertThat(awaitLogouts(file, 1)).hasSize(first);
        assertThat(TestSupport.lines(dir.resolve("logs/audit.log.1"))).hasSize(first);
    }

    @Test
    void noLogOutputOfTheRunHoldsThePassword() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level before = root.getLevel();
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        root.addAppender(captured);
        root.setLevel(Level.DEBUG);
        try {
            start("access_log = [\"logs/access.log\", \"logs/access.json json\"]\n"
                    + "audit_log = [\"logs/audit.log\", \"logs/audit.json json\"]\n"
                    + "metrics_listen = \"127.0.0.1:0\"\nmetrics_commands = on");
            try (ScriptClient c = new ScriptClient(postern.address())) {
                c.run("""
                        S: \\* OK IMAP4 ready
                        C: a1 LOGIN %s wrong-%s
                        S: a1 NO Invalid login
                        S: <closed>
                        """.formatted(USER, PASSWORD));
            }
            appendAndSearch();
            loginAgainAfterLogin();
            awaitLogouts(dir.resolve("logs/audit.json"), 2);
            TestSupport.awaitLines(dir.resolve("logs/access.json"), 3);
            postern.close();
            postern = null;
        } finally {
            root.detachAppender(captured);
            root.setLevel(before);
        }
        List<Path> files;
        try (Stream<Path> logs = Files.list(dir.resolve("logs"))) {
            files = logs.toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString())
                .contains("access.log", "access.json", "audit.log", "audit.json");
        for (Path file : files) {
            assertThat(Files.readString(file, StandardCharsets.UTF_8)).as("%s", file).isNotEmpty()
                    .doesNotContain(PASSWORD).doesNotContain(bodyMarker);
        }
        List<String> lines = captured.list.stream().filter(e -> !e.getLoggerName().startsWith("com.icegreen"))
                .map(e -> e.getFormattedMessage() + " " + e.getMDCPropertyMap()
                        + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage())).toList();
        assertThat(lines).isNotEmpty().noneMatch(l -> l.contains(PASSWORD)).noneMatch(l -> l.contains(bodyMarker));
    }
}
