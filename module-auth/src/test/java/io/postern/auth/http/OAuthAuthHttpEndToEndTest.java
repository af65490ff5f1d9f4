package io.postern.auth.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.postern.auth.AuthModule;
import io.postern.auth.http.FakeAuthServer.Reply;
import io.postern.auth.testkit.LogCapture;
import io.postern.module.LoadedModule;
import io.postern.module.ModuleDescriptor;
import io.postern.spi.SpiVersion;
import io.postern.testing.PosternFixture;
import io.postern.testing.ScriptClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * XOAUTH2 and OAUTHBEARER through Postern and module-auth's auth_http client to an auth
 * server that speaks freenginx's extension (mail_oauth.t's), and on to GreenMail on all three
 * protocols. The token never shows in a log line.
 */
class OAuthAuthHttpEndToEndTest {

    private static final String USER = "bob@localhost";
    /** What the auth server answers as Auth-Pass for the good token, as mail_oauth.t's "secret". */
    private static final String MAILBOX_PASSWORD = "Wh1sper-0f-Secrets";
    private static final String GOOD = "ya29.Good-T0ken";
    private static final String SASL_FAIL = "ya29.SaslFail-T0ken";
    private static final String SASL_ERROR = "eyJzY2hlbWVzIjoiQmVhcmVyIiwic3RhdHVzIjoiNDAwIn0=";

    @TempDir
    Path dir;

    private GreenMail greenMail;
    private FakeAuthServer auth;
    private PosternFixture postern;

    @BeforeEach
    void start() throws Exception {
        greenMail = new GreenMail(new ServerSetup[] {
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP),
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_POP3),
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP)});
        greenMail.start();
        greenMail.setUser(USER, USER, MAILBOX_PASSWORD);
        Map<String, Integer> ports = Map.of("imap", greenMail.getImap().getPort(), "pop3",
                greenMail.getPop3().getPort(), "smtp", greenMail.getSmtp().getPort());
        auth = new FakeAuthServer().respond(request -> Reply.keep(answer(request, ports)));
        postern = PosternFixture.start(dir, """
                mail {
                  servers {
                    imap { protocol = imap, listen = "127.0.0.1:0" }
                    pop3 { protocol = pop3, listen = "127.0.0.1:0" }
                    smtp { protocol = smtp, listen = "127.0.0.1:0", xclient = off }
                  }
                  imap_auth = [plain, oauthbearer, xoauth2]
                  pop3_auth = [plain, oauthbearer, xoauth2]
                  smtp_auth = [plain, oauthbearer, xoauth2]
                  auth_http = "%s"
                  auth_throttle = off
                }
                """.formatted(auth.url()), LoadedModule.inProcess(new AuthModule(),
                new ModuleDescriptor("auth", "test", SpiVersion.current(), "test")));
    }

    /** mail_oauth.t's nginx maps: the good token for the user is OK, the SASL-failure one gets Auth-Error-SASL. */
    private static String answer(String request, Map<String, Integer> ports) {
        String protocol = header(request, "Auth-Protocol");
        if (header(request, "Auth-User").equals(USER) && header(request, "Auth-Pass").equals(GOOD)) {
            return "HTTP/1.1 200 OK\r\nAuth-Status: OK\r\nAuth-Server: 127.0.0.1\r\nAuth-Port: " + ports.get(protocol)
                    + "\r\nAuth-Pass: " + MAILBOX_PASSWORD + "\r\nContent-Length: 0\r\n\r\n";
        }
        String sasl = header(request, "Auth-Pass").equals(SASL_FAIL) ? "Auth-Error-SASL: " + SASL_ERROR + "\r\n" : "";
        return "HTTP/1.1 200 OK\r\nAuth-Status: auth-failed\r\nAuth-Wait: 1\r\n" + sasl + "Content-Length: 0\r\n\r\n";
    }

    private static String header(String request, String name) {
        for (String line : request.split("\r\n")) {
            if (line.startsWith(name + ": ")) {
                return line.substring(name.length() + 2);
            }
        }
        return "";
    }

    @AfterEach
    void stop() throws Exception {
        postern.close();
        auth.close();
        greenMail.stop();
    }

    /** Waits for the sessions' last lines, written once Postern saw their connections close. */
    private static void awaitClosedLines(LogCapture logs, int sessions) throws InterruptedException {
        for (int i = 0; i < 1000; i++) {
            if (logs.events().stream().filter(e -> e.getFormattedMessage().startsWith("closed:")).count() >= sessions) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("fewer than " + sessions + " \"closed:\" lines in " + logs.lines());
    }

    private static String oauthbearer(String token) {
        return b64("n,a=" + USER + ",\001auth=Bearer " + token + "\001\001");
    }

    private static String xoauth2(String token) {
        return b64("user=" + USER + "\001auth=Bearer " + token + "\001\001");
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void logsInOnEachProtocolWithTheTokenAsAuthPassAndNeverLogsIt() throws Exception {
        try (LogCapture logs = new LogCapture(Level.DEBUG)) {
            try (ScriptClient c = new ScriptClient(postern.address(0))) {
                c.run("""
                        S: \\* OK .*
                        C: 1 AUTHENTICATE OAUTHBEARER %s
                        S: 1 OK .*
                        C: 2 SELECT INBOX
                        S: \\* .*
                        """.formatted(oauthbearer(GOOD)));
            }
            try (ScriptClient c = new ScriptClient(postern.address(1))) {
                c.run("""
                        S: \\+OK .*
                        C: AUTH XOAUTH2 %s
                        S: \\+OK.*
                        C: STAT
                        S: \\+OK 0 0
                        """.formatted(xoauth2(GOOD)));
            }
            try (ScriptClient c = new ScriptClient(postern.address(2))) {
                c.run("""
                        S: 220 .*
                        C: EHLO client.example
                        S: 250-.*
                        S: 250 AUTH PLAIN XOAUTH2 OAUTHBEARER
                        C: AUTH OAUTHBEARER
                        S: 334\\x20
                        C: %s
                        S: 235 2\\.0\\.0 OK
                        C: MAIL FROM:<bob@localhost>
                        S: 250 .*
                        """.formatted(oauthbearer(GOOD)));
            }
            awaitClosedLines(logs, 3);
            assertThat(logs.all()).doesNotContain(GOOD);
        }
        List<String> requests = auth.requests();
        assertThat(requests).hasSize(3);
        assertThat(requests.get(0)).contains("\r\nAuth-Method: oauthbearer\r\nAuth-User: " + USER + "\r\nAuth-Pass: "
                + GOOD + "\r\nAuth-Protocol: imap\r\n");
        assertThat(requests.get(1)).contains("\r\nAuth-Method: xoauth2\r\nAuth-User: " + USER + "\r\nAuth-Pass: "
                + GOOD + "\r\nAuth-Protocol: pop3\r\n");
        assertThat(requests.get(2)).contains("\r\nAuth-Method: oauthbearer\r\nAuth-User: " + USER + "\r\nAuth-Pass: "
                + GOOD + "\r\nAuth-Protocol: smtp\r\n");
    }

    @Test
    void sendsAuthErrorSaslAsAChallengeThenTheStatusAfterTheDummyResponse() throws Exception {
        try (LogCapture logs = new LogCapture(Level.DEBUG)) {
            try (ScriptClient c = new ScriptClient(postern.address(0))) {
                c.run("""
                        S: \\* OK .*
                        C: 1 AUTHENTICATE XOAUTH2 %1$s
                        S: \\+ %2$s
                        C: 
                        S: 1 NO auth-failed
                        C: 2 AUTHENTICATE OAUTHBEARER %3$s
                        S: \\+ %2$s
                        C: AQ==
                        S: 2 NO auth-failed
                        C: 3 AUTHENTICATE XOAUTH2 %4$s
                        S: 3 OK .*
                        """.formatted(xoauth2(SASL_FAIL), SASL_ERROR, oauthbearer(SASL_FAIL), xoauth2(GOOD)));
            }
            awaitClosedLines(logs, 1);
            assertThat(logs.all()).doesNotContain(SASL_FAIL, GOOD);
        }
    }
}
