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
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With module-auth's defaults, Postern asks the auth server with nginx's exact request for
 * every protocol and login method (NGINX-MAIL.md §2): HTTP/1.0, no {@code Connection}
 * header, no {@code Client-Port}/{@code Server-IP}/{@code Server-Port}, the configured
 * header last. The auth server answers as many nginx-era scripts do: no status line's
 * framing, no {@code Content-Length}, then it closes.
 */
class DefaultAuthRequestWireTest {

    private static final String USER = "bob@example.com";
    private static final String PASSWORD = "pa ss%w0rd";
    private static final String PASSWORD_ESCAPED = "pa%20ss%25w0rd";
    private static final Pattern SALT = Pattern.compile("(<[^>]+>)");

    @TempDir
    Path dir;

    private FakeAuthServer auth;
    private PosternFixture postern;

    @BeforeEach
    void start() throws Exception {
        auth = new FakeAuthServer().respond(request -> Reply.close("HTTP/1.0 200 OK\r\n"
                + "Auth-Status: Invalid login or password\r\n\r\n"));
        postern = PosternFixture.start(dir, """
                mail {
                  servers {
                    imap { protocol = imap, listen = "127.0.0.1:0", imap_auth = [plain, login, cram-md5, external] }
                    pop3 { protocol = pop3, listen = "127.0.0.1:0", pop3_auth = [plain, apop, cram-md5, external] }
                    smtp { protocol = smtp, listen = "127.0.0.1:0", smtp_auth = [plain, login, cram-md5, external] }
                    mx { protocol = smtp, listen = "127.0.0.1:0", smtp_auth = [none] }
                  }
                  auth_http = "%s"
                  auth_http_header { X-Auth-Key = "k3y" }
                  auth_throttle = off
                }
                """.formatted(auth.url()), LoadedModule.inProcess(new AuthModule(),
                new ModuleDescriptor("auth", "test", SpiVersion.current(), "test")));
    }

    @AfterEach
    void stop() throws Exception {
        postern.close();
        auth.close();
    }

    /** nginx's request for one login, as ngx_mail_auth_http_create_request writes it. */
    private static String nginx(String method, String user, String pass, String salt, String protocol, String more) {
        return "GET /mail/auth HTTP/1.0\r\nHost: 127.0.0.1\r\nAuth-Method: " + method + "\r\nAuth-User: " + user
                + "\r\nAuth-Pass: " + pass + "\r\n" + (salt == null ? "" : "Auth-Salt: " + salt + "\r\n")
                + "Auth-Protocol: " + protocol + "\r\nAuth-Login-Attempt: 1\r\nClient-IP: 127.0.0.1\r\n" + more
                + "X-Auth-Key: k3y\r\n\r\n";
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String cramMd5(String salt) throws Exception {
        Mac mac = Mac.getInstance("HmacMD5");
        mac.init(new SecretKeySpec(PASSWORD.getBytes(StandardCharsets.UTF_8), "HmacMD5"));
        return HexFormat.of().formatHex(mac.doFinal(salt.getBytes(StandardCharsets.UTF_8)));
    }

    private static String salt(String line) {
        Matcher m = SALT.matcher(line);
        assertThat(m.find()).as(line).isTrue();
        return m.group(1);
    }

    private String onlyRequest() {
        assertThat(auth.requests()).hasSize(1);
        return auth.requests().get(0);
    }

    /** The listener of the server named {@code server}, in the config's order. */
    private java.net.InetSocketAddress address(String server) {
        return postern.address(java.util.List.of("imap", "pop3", "smtp", "mx").indexOf(server));
    }

    @Test
    void imapLoginAndAuthenticatePlainAndLoginSendNginxsPlainRequest() throws Exception {
        for (String script : new String[] {
                "C: a1 LOGIN " + USER + " \"" + PASSWORD + "\"\nS: a1 NO Invalid login or password",
                "C: a1 AUTHENTICATE PLAIN " + b64("\0" + USER + "\0" + PASSWORD) + "\nS: a1 NO Invalid login or password",
                "C: a1 AUTHENTICATE LOGIN\nS: \\+ VXNlcm5hbWU6\nC: " + b64(USER) + "\nS: \\+ UGFzc3dvcmQ6\nC: "
                        + b64(PASSWORD) + "\nS: a1 NO Invalid login or password"}) {
            auth.requests().clear();
            auth.connections().clear();
            try (ScriptClient client = new ScriptClient(address("imap"))) {
                client.run("S: \\* OK .*\n" + script);
            }
            assertThat(onlyRequest()).isEqualTo(nginx("plain", USER, PASSWORD_ESCAPED, null, "imap", ""));
        }
    }

    @Test
    void imapCramMd5SendsTheDigestAndTheSalt() throws Exception {
        try (ScriptClient client = new ScriptClient(address("imap"))) {
            client.run("S: \\* OK .*\nC: a1 AUTHENTICATE CRAM-MD5");
            String challenge = client.readLine();
            String salt = new String(Base64.getDecoder().decode(challenge.substring(2)), StandardCharsets.US_ASCII);
            client.run("C: " + b64(USER + " " + cramMd5(salt)) + "\nS: a1 NO Invalid login or password");
            assertThat(onlyRequest()).isEqualTo(nginx("cram-md5", USER, cramMd5(salt), salt, "imap", ""));
        }
    }

    @Test
    void imapExternalSendsAnEmptyPassword() throws Exception {
        try (ScriptClient client = new ScriptClient(address("imap"))) {
            client.run("S: \\* OK .*\nC: a1 AUTHENTICATE EXTERNAL " + b64(USER) + "\nS: a1 NO Invalid login or password");
        }
        assertThat(onlyRequest()).isEqualTo(nginx("external", USER, "", null, "imap", ""));
    }

    @Test
    void pop3UserPassAndAuthPlainAndLoginSendNginxsPlainRequest() throws Exception {
        for (String script : new String[] {
                "C: USER " + USER + "\nS: \\+OK.*\nC: PASS " + PASSWORD + "\nS: -ERR Invalid login or password",
                "C: AUTH PLAIN " + b64("\0" + USER + "\0" + PASSWORD) + "\nS: -ERR Invalid login or password",
                "C: AUTH LOGIN\nS: \\+ VXNlcm5hbWU6\nC: " + b64(USER) + "\nS: \\+ UGFzc3dvcmQ6\nC: " + b64(PASSWORD)
                        + "\nS: -ERR Invalid login or password"}) {
            auth.requests().clear();
            auth.connections().clear();
            try (ScriptClient client = new ScriptClient(address("pop3"))) {
                client.run("S: \\+OK .*\n" + script);
            }
            assertThat(onlyRequest()).isEqualTo(nginx("plain", USER, PASSWORD_ESCAPED, null, "pop3", ""));
        }
    }

    @Test
    void pop3ApopSendsTheDigestAndTheGreetingsSalt() throws Exception {
        try (ScriptClient client = new ScriptClient(address("pop3"))) {
            String salt = salt(client.readLine());
            String digest = HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                    .digest((salt + PASSWORD).getBytes(StandardCharsets.UTF_8)));
            client.run("C: APOP " + USER + " " + digest + "\nS: -ERR Invalid login or password");
            assertThat(onlyRequest()).isEqualTo(nginx("apop", USER, digest, salt, "pop3", ""));
        }
    }

    @Test
    void pop3CramMd5AndExternal() throws Exception {
        try (ScriptClient client = new ScriptClient(address("pop3"))) {
            String salt = salt(client.readLine());
            client.run("C: AUTH CRAM-MD5\nS: \\+ " + Pattern.quote(b64(salt)) + "\nC: " + b64(USER + " " + cramMd5(salt))
                    + "\nS: -ERR Invalid login or password");
            assertThat(onlyRequest()).isEqualTo(nginx("cram-md5", USER, cramMd5(salt), salt, "pop3", ""));
        }
        auth.connections().clear();
        try (ScriptClient client = new ScriptClient(address("pop3"))) {
            client.run("S: \\+OK .*\nC: AUTH EXTERNAL " + b64(USER) + "\nS: -ERR Invalid login or password");
        }
        assertThat(onlyRequest()).isEqualTo(nginx("external", USER, "", null, "pop3", ""));
    }

    @Test
    void smtpAuthPlainAndLoginSendNginxsPlainRequestWithClientHost() throws Exception {
        for (String script : new String[] {
                "C: AUTH PLAIN " + b64("\0" + USER + "\0" + PASSWORD) + "\nS: 535 5.7.0 Invalid login or password",
                "C: AUTH LOGIN\nS: 334 VXNlcm5hbWU6\nC: " + b64(USER) + "\nS: 334 UGFzc3dvcmQ6\nC: " + b64(PASSWORD)
                        + "\nS: 535 5.7.0 Invalid login or password"}) {
            auth.connections().clear();
            try (ScriptClient client = new ScriptClient(address("smtp"))) {
                client.run("S: 220 .*\nC: EHLO client.example\nS: 250-.*\nS: 250 .*\n" + script);
            }
            assertThat(onlyRequest()).isEqualTo(nginx("plain", USER, PASSWORD_ESCAPED, null, "smtp",
                    "Client-Host: [UNAVAILABLE]\r\n"));
        }
    }

    @Test
    void smtpCramMd5AndExternal() throws Exception {
        try (ScriptClient client = new ScriptClient(address("smtp"))) {
            client.run("S: 220 .*\nC: EHLO client.example\nS: 250-.*\nS: 250 .*\nC: AUTH CRAM-MD5");
            String challenge = client.readLine();
            String salt = new String(Base64.getDecoder().decode(challenge.substring(4)), StandardCharsets.US_ASCII);
            client.run("C: " + b64(USER + " " + cramMd5(salt)) + "\nS: 535 5.7.0 Invalid login or password");
            assertThat(onlyRequest()).isEqualTo(nginx("cram-md5", USER, cramMd5(salt), salt, "smtp",
                    "Client-Host: [UNAVAILABLE]\r\n"));
        }
        auth.connections().clear();
        try (ScriptClient client = new ScriptClient(address("smtp"))) {
            client.run("S: 220 .*\nC: EHLO client.example\nS: 250-.*\nS: 250 .*\nC: AUTH EXTERNAL "
                    + b64(USER) + "\nS: 535 5.7.0 Invalid login or password");
        }
        assertThat(onlyRequest()).isEqualTo(nginx("external", USER, "", null, "smtp", "Client-Host: [UNAVAILABLE]\r\n"));
    }

    @Test
    void smtpNoneSendsTheEnvelope() throws Exception {
        try (ScriptClient client = new ScriptClient(address("mx"))) {
            client.run("""
                    S: 220 .*
                    C: EHLO client.example
                    S: 250.*
                    C: MAIL FROM:<a@example.org>
                    S: 250 .*
                    C: RCPT TO:<b@example.com>
                    S: 535 5.7.0 Invalid login or password
                    """);
        }
        assertThat(onlyRequest()).isEqualTo(nginx("none", "", "", null, "smtp", "Client-Host: [UNAVAILABLE]\r\n"
                + "Auth-SMTP-Helo: client.example\r\nAuth-SMTP-From: MAIL FROM:<a@example.org>\r\n"
                + "Auth-SMTP-To: RCPT TO:<b@example.com>\r\n"));
    }
}
