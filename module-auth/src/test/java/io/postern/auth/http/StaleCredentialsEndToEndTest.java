package io.postern.auth.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.auth.AuthModule;
import io.postern.auth.http.FakeAuthServer.Reply;
import io.postern.module.LoadedModule;
import io.postern.module.ModuleDescriptor;
import io.postern.spi.SpiVersion;
import io.postern.testing.PosternFixture;
import io.postern.testing.ScriptClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CVE-2025-53859's class: with {@code smtp_auth none}, nginx before 1.29.1 could send the login
 * and password of an earlier, failed or abandoned AUTH in the {@code Auth-Method: none} request
 * that MAIL and RCPT make. Postern's none-mode request carries the envelope only, whatever was
 * tried before it in the session.
 */
class StaleCredentialsEndToEndTest {

    private static final String VICTIM = "victim@example.org";
    private static final String SECRET = "s3cret-password";

    @TempDir
    static Path dir;

    private static FakeAuthServer auth;
    private static PosternFixture postern;

    @BeforeAll
    static void start() throws Exception {
        auth = new FakeAuthServer().respond(request -> Reply.keep(
                "HTTP/1.1 200 OK\r\nAuth-Status: Refused\r\nAuth-Wait: 1\r\n"
                + "Auth-Error-Code: 550 5.7.1\r\nContent-Length: 0\r\n\r\n"));
        postern = PosternFixture.start(dir, """
                mail {
                  servers {
                    smtp { protocol = smtp, listen = "127.0.0.1:0" }
                  }
                  smtp_auth = [plain, login, none]
                  auth_http = "%s"
                  auth_throttle = off
                }
                """.formatted(auth.url()), LoadedModule.inProcess(new AuthModule(),
                new ModuleDescriptor("auth", "test", SpiVersion.current(), "test")));
    }

    @AfterAll
    static void stop() throws Exception {
        postern.close();
        auth.close();
    }

    @Test
    void anAbandonedAuthLoginLeavesNothingInTheNoneModeRequest() throws Exception {
        int before = auth.requests().size();
        try (ScriptClient c = new ScriptClient(postern.address())) {
            ehlo(c);
            c.run("C: AUTH LOGIN\nS: 334 .*\nC: " + base64(VICTIM) + "\nS: 334 .*\nC: *\nS: 501 .*");
            c.run("C: MAIL FROM:<a@example.org>\nS: 250 .*\nC: RCPT TO:<b@example.org>\nS: 5.*");
        }

        assertNoneModeRequestHoldsNoCredentials(auth.requests().subList(before, auth.requests().size()));
    }

    @Test
    void aFailedAuthPlainLeavesNothingInTheNoneModeRequest() throws Exception {
        int before = auth.requests().size();
        try (ScriptClient c = new ScriptClient(postern.address())) {
            ehlo(c);
            c.run("C: AUTH PLAIN " + base64("\0" + VICTIM + "\0" + SECRET) + "\nS: 5.*");
            c.run("C: MAIL FROM:<a@example.org>\nS: 250 .*\nC: RCPT TO:<b@example.org>\nS: 5.*");
        }

        List<String> requests = auth.requests().subList(before, auth.requests().size());
        assertThat(requests).hasSize(2);
        assertThat(requests.get(0)).contains("\r\nAuth-Method: plain\r\n", "\r\nAuth-User: " + VICTIM + "\r\n");
        assertNoneModeRequestHoldsNoCredentials(requests.subList(1, 2));
    }

    private static void assertNoneModeRequestHoldsNoCredentials(List<String> requests) {
        String none = requests.stream().filter(r -> r.contains("\r\nAuth-Method: none\r\n")).findFirst()
                .orElseThrow(() -> new AssertionError("no Auth-Method: none request in " + requests));
        assertThat(none).contains("\r\nAuth-User: \r\n", "\r\nAuth-Pass: \r\n",
                "\r\nAuth-SMTP-From: MAIL FROM:<a@example.org>\r\n", "\r\nAuth-SMTP-To: RCPT TO:<b@example.org>\r\n");
        assertThat(none).doesNotContain(VICTIM, SECRET);
    }

    private static void ehlo(ScriptClient c) throws java.io.IOException {
        c.run("S: 220 .*\nC: EHLO client.example");
        String line;
        do {
            line = c.readLine();
        } while (line.startsWith("250-"));
        assertThat(line).startsWith("250 ");
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
