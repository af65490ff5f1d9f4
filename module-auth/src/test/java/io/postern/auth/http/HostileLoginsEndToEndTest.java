package io.postern.auth.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import io.postern.auth.AuthModule;
import io.postern.auth.http.FakeAuthServer.Reply;
import io.postern.auth.testkit.LogCapture;
import io.postern.module.LoadedModule;
import io.postern.module.ModuleDescriptor;
import io.postern.spi.SpiVersion;
import io.postern.spi.WireText;
import io.postern.testing.PosternFixture;
import io.postern.testing.ScriptClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An attacker without an account: a login holding CR, LF, ESC and a byte that is not UTF-8,
 * with a wrong password, in every protocol and every login command or SASL mechanism that
 * can carry it. The auth server must receive the client's bytes (nginx's %XX escaping of
 * them, never a U+FFFD), and no log line or MDC value may hold a raw control character.
 * A NUL is refused by every one of these commands before it reaches the AUTH phase.
 */
class HostileLoginsEndToEndTest {

    private static final String FAILED = "Invalid login or password";
    private static final String PASSWORD = "wrong-password";

    @TempDir
    static Path dir;

    private static FakeAuthServer auth;
    private static PosternFixture postern;

    @BeforeAll
    static void start() throws Exception {
        auth = new FakeAuthServer().respond(request -> Reply.keep(
                "HTTP/1.1 200 OK\r\nAuth-Status: " + FAILED + "\r\nContent-Length: 0\r\n\r\n"));
        postern = PosternFixture.start(dir, """
                mail {
                  servers {
                    imap { protocol = imap, listen = "127.0.0.1:0" }
                    pop3 { protocol = pop3, listen = "127.0.0.1:0" }
                    smtp { protocol = smtp, listen = "127.0.0.1:0" }
                  }
                  imap_auth = [plain, login, cram-md5]
                  pop3_auth = [plain, apop, cram-md5]
                  smtp_auth = [plain, login, cram-md5]
                  auth_http = "%s"
                  auth_throttle = off # every case fails a login from 127.0.0.1; throttling is tested elsewhere
                }
                """.formatted(auth.url()), LoadedModule.inProcess(new AuthModule(),
                new ModuleDescriptor("auth", "test", SpiVersion.current(), "test")));
    }

    @AfterAll
    static void stop() throws Exception {
        postern.close();
        auth.close();
    }

    /** One way of sending a login and a wrong password, up to the failure answer. */
    @FunctionalInterface
    interface Exchange {
        void run(ScriptClient client, byte[] login) throws IOException;
    }

    /**
     * @param server the index of the server block (0 IMAP, 1 POP3, 2 SMTP)
     * @param kind which login the command can carry: {@code lines} (CR and LF too),
     *     {@code spaces} or {@code word}
     */
    record Method(String name, int server, String kind, Exchange exchange) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> methods() {
        List<Method> methods = List.of(
                new Method("IMAP LOGIN with literals", 0, "lines", (c, login) -> {
                    c.run("S: \\* OK .*");
                    c.sendBytes(bytes("a1 LOGIN {" + login.length + "}\r\n"));
                    c.run("S: \\+ .*");
                    c.sendBytes(bytes(login, " {" + PASSWORD.length() + "}\r\n"));
                    c.run("S: \\+ .*\nC: " + PASSWORD + "\nS: a1 NO " + FAILED);
                }),
                new Method("IMAP LOGIN with quoted strings", 0, "spaces", (c, login) -> {
                    c.run("S: \\* OK .*");
                    c.sendBytes(bytes("a1 LOGIN \"", login, "\" " + PASSWORD + "\r\n"));
                    c.run("S: a1 NO " + FAILED);
                }),
                new Method("IMAP AUTHENTICATE PLAIN", 0, "spaces", (c, login) -> {
                    c.run("S: \\* OK .*\nC: a1 AUTHENTICATE PLAIN\nS: \\+ ?");
                    c.run("C: " + base64(bytes(new byte[1], login, new byte[1], PASSWORD)) + "\nS: a1 NO " + FAILED);
                }),
                new Method("IMAP AUTHENTICATE LOGIN", 0, "spaces", (c, login) -> {
                    c.run("S: \\* OK .*\nC: a1 AUTHENTICATE LOGIN\nS: \\+ VXNlcm5hbWU6");
                    c.run("C: " + base64(login) + "\nS: \\+ UGFzc3dvcmQ6");
                    c.run("C: " + base64(bytes(PASSWORD)) + "\nS: a1 NO " + FAILED);
                }),
                new Method("IMAP AUTHENTICATE CRAM-MD5", 0, "word", (c, login) -> {
                    c.run("S: \\* OK .*\nC: a1 AUTHENTICATE CRAM-MD5\nS: \\+ .+");
                    c.run("C: " + base64(bytes(login, " " + "0".repeat(32))) + "\nS: a1 NO " + FAILED);
                }),
                new Method("POP3 USER and PASS", 1, "spaces", (c, login) -> {
                    c.run("S: \\+OK .*");
                    c.sendBytes(bytes("USER ", login, "\r\n"));
                    c.run("S: \\+OK.*\nC: PASS " + PASSWORD + "\nS: -ERR " + FAILED);
                }),
                new Method("POP3 APOP", 1, "word", (c, login) -> {
                    c.run("S: \\+OK .*");
                    c.sendBytes(bytes("APOP ", login, " " + "0".repeat(32) + "\r\n"));
                    c.run("S: -ERR " + FAILED);
                }),
                new Method("POP3 AUTH PLAIN", 1, "spaces", (c, login) -> {
                    c.run("S: \\+OK .*");
                    c.run("C: AUTH PLAIN " + base64(bytes(new byte[1], login, new byte[1], PASSWORD))
                            + "\nS: -ERR " + FAILED);
                }),
                new Method("POP3 AUTH CRAM-MD5", 1, "word", (c, login) -> {
                    c.run("S: \\+OK .*\nC: AUTH CRAM-MD5\nS: \\+ .+");
                    c.run("C: " + base64(bytes(login, " " + "0".repeat(32))) + "\nS: -ERR " + FAILED);
                }),
                new Method("SMTP AUTH PLAIN", 2, "spaces", (c, login) -> {
                    ehlo(c);
                    c.run("C: AUTH PLAIN " + base64(bytes(new byte[1], login, new byte[1], PASSWORD))
                            + "\nS: 535 5.7.0 " + FAILED);
                }),
                new Method("SMTP AUTH LOGIN", 2, "spaces", (c, login) -> {
                    ehlo(c);
                    c.run("C: AUTH LOGIN\nS: 334 VXNlcm5hbWU6\nC: " + base64(login) + "\nS: 334 UGFzc3dvcmQ6");
                    c.run("C: " + base64(bytes(PASSWORD)) + "\nS: 535 5.7.0 " + FAILED);
                }),
                new Method("SMTP AUTH CRAM-MD5", 2, "word", (c, login) -> {
                    ehlo(c);
                    c.run("C: AUTH CRAM-MD5\nS: 334 .+");
                    c.run("C: " + base64(bytes(login, " " + "0".repeat(32))) + "\nS: 535 5.7.0 " + FAILED);
                }));
        List<Arguments> all = new ArrayList<>();
        for (Method method : methods) {
            // Two logins that differ only in an invalid byte must stay two logins.
            all.add(Arguments.of(method, 0xFF));
            all.add(Arguments.of(method, 0xFE));
        }
        return all.stream();
    }

    /** The login an attacker sends: a forged log line where it fits, an ESC sequence, an invalid byte. */
    private static byte[] login(String kind, int invalidByte) {
        String text = switch (kind) {
            case "lines" -> "a\r\n2026-12-07 INFO login=admin logged in\r\n\u001b[31m";
            case "spaces" -> "a INFO login=admin logged in \u001b[31m";
            default -> "a\u001b[31m";
        };
        return bytes(text, new byte[] {(byte) invalidByte}, "z");
    }

    @ParameterizedTest(name = "{0} with 0x{1}")
    @MethodSource("methods")
    void passesTheClientsBytesToTheAuthServerAndLogsTheLoginEscaped(Method method, int invalidByte) throws Exception {
        byte[] login = login(method.kind(), invalidByte);
        int requestsBefore = auth.requests().size();
        List<ILoggingEvent> events;
        try (LogCapture logs = new LogCapture(Level.DEBUG)) {
            try (ScriptClient client = new ScriptClient(postern.address(method.server()))) {
                method.exchange().run(client, login);
                client.expectClosed();
            }
            events = awaitClosedLine(logs);
        }

        List<String> requests = auth.requests();
        assertThat(requests).hasSize(requestsBefore + 1);
        assertThat(requests.get(requestsBefore)).contains("\r\nAuth-User: " + nginxEscaped(login) + "\r\n");

        String escapedLogin = WireText.escape(WireText.decode(login));
        assertThat(escapedLogin).contains(String.format("\\x%02X", invalidByte));
        List<String> texts = texts(events);
        assertThat(texts).allSatisfy(text -> assertThat(text).as("a log line or MDC value")
                .doesNotContain("\r", "\n", "\0", "\u001b", "\uFFFD").matches(HostileLoginsEndToEndTest::noLoneSurrogate));
        assertThat(events).anySatisfy(event -> assertThat(event.getMDCPropertyMap().get("session"))
                .contains(" login=" + escapedLogin + " "));
        assertThat(String.join("\n", texts)).doesNotContain(PASSWORD);
    }

    private static void ehlo(ScriptClient c) throws IOException {
        c.run("S: 220 .*\nC: EHLO client.example");
        String line;
        do {
            line = c.readLine();
            assertThat(line).startsWith("250");
        } while (line.startsWith("250-"));
    }

    /** Waits for the session's last line, written once Postern saw the connection close. */
    private static List<ILoggingEvent> awaitClosedLine(LogCapture logs) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            List<ILoggingEvent> events = logs.events();
            if (events.stream().anyMatch(e -> e.getFormattedMessage().startsWith("closed:"))) {
                return events;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no \"closed:\" line in " + logs.lines());
    }

    /** Each event's formatted message, every MDC value and every exception message. */
    private static List<String> texts(List<ILoggingEvent> events) {
        List<String> texts = new ArrayList<>();
        for (ILoggingEvent event : events) {
            texts.add(event.getFormattedMessage());
            texts.addAll(event.getMDCPropertyMap().values());
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                texts.add(String.valueOf(t.getMessage()));
            }
        }
        return texts;
    }

    private static boolean noLoneSurrogate(String text) {
        return text.codePoints().noneMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE);
    }

    /** nginx's {@code ngx_mail_auth_http_escape} of the bytes, as ISO-8859-1 text like the fake server's. */
    private static String nginxEscaped(byte[] login) {
        StringBuilder out = new StringBuilder();
        for (byte b : login) {
            int c = b & 0xff;
            out.append(c == ' ' || c == '%' || c < 0x20 ? String.format("%%%02X", c) : String.valueOf((char) c));
        }
        return out.toString();
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Strings (as UTF-8) and byte arrays, one after the other. */
    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            out.writeBytes(part instanceof byte[] b ? b : part.toString().getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
