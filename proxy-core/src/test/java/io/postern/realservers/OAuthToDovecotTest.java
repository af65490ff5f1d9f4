package io.postern.realservers;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.spi.AuthDecision;
import io.postern.spi.Authenticator;
import io.postern.spi.Credentials;
import io.postern.testing.BearerAuth;
import io.postern.testing.FakeIdentityProvider;
import io.postern.testing.PosternFixture;
import io.postern.testing.ScriptClient;
import io.postern.testing.StaticAuthModule;
import io.postern.testing.upstreams.DovecotFixture;
import io.postern.testing.upstreams.MailUser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bearer token travels client -> Postern -> real Dovecot, whose {@code oauth2} passdb asks the
 * fake identity provider's introspection endpoint about it: Postern's default upstream login
 * (freenginx's) replays LOGIN or USER/PASS with the token as the password. Real clients: curl's
 * {@code --oauth2-bearer} and Python's imaplib with an XOAUTH2 authenticator.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OAuthToDovecotTest {

    private static final MailUser USER = new MailUser("oauthuser", "not-the-token");

    private FakeIdentityProvider idp;
    private DovecotFixture dovecot;
    private PosternFixture postern;
    private Path dir;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        this.dir = dir;
        // Dovecot's mail processes run as nobody, who must reach the maildirs below.
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        idp = new FakeIdentityProvider();
        dovecot = DovecotFixture.startWithOAuth2(dir.resolve("dovecot"), List.of(USER), idp.introspectionUrl());
        // An auth phase that trusts every bearer token: Dovecot is the one that checks it here.
        Authenticator toDovecot = request -> {
            if (!(request.credentials() instanceof Credentials.Bearer)) {
                return StaticAuthModule.answer(AuthDecision.declined());
            }
            return StaticAuthModule.answer(AuthDecision.acceptedTo(request.session().protocol()
                    == io.postern.spi.Protocol.IMAP ? dovecot.imap() : dovecot.pop3()));
        };
        postern = PosternFixture.start(Files.createDirectories(dir.resolve("postern")), """
                mail {
                  servers {
                    imap { protocol = imap, listen = "127.0.0.1:0" }
                    pop3 { protocol = pop3, listen = "127.0.0.1:0" }
                    imap-mechanism { protocol = imap, listen = "127.0.0.1:0", proxy_oauth = mechanism }
                    pop3-mechanism { protocol = pop3, listen = "127.0.0.1:0", proxy_oauth = mechanism }
                  }
                  imap_auth = [plain, xoauth2, oauthbearer]
                  pop3_auth = [plain, xoauth2, oauthbearer]
                  proxy_pass_error_message = on
                  imap_client_buffer = 16k
                  pop3_client_buffer = 16k
                }
                """, StaticAuthModule.of(toDovecot));
    }

    @AfterAll
    void stop() {
        if (postern != null) {
            postern.close();
        }
        if (dovecot != null) {
            dovecot.close();
        }
        if (idp != null) {
            idp.close();
        }
    }

    private String token() {
        return idp.jwt(USER.name(), "mail", "mail", 300);
    }

    @Test
    void imapXoauth2ReachesDovecotWhichAcceptsTheTokenAsThePassword() throws Exception {
        String token = token();
        try (ScriptClient c = new ScriptClient(postern.address(0))) {
            c.run("""
                    S: \\* OK .*
                    C: 1 AUTHENTICATE XOAUTH2 %s
                    S: 1 OK .*
                    C: 2 SELECT INBOX
                    S: \\* .*
                    """.formatted(BearerAuth.xoauth2(USER.name(), token)));
        }
        assertThat(idp.introspected()).contains(token);
    }

    @Test
    void proxyOauthMechanismLogsIntoDovecotWithTheClientsMechanism() throws Exception {
        try (ScriptClient c = new ScriptClient(postern.address(2))) {
            c.run("""
                    S: \\* OK .*
                    C: 1 AUTHENTICATE OAUTHBEARER %s
                    S: 1 OK .*
                    C: 2 SELECT INBOX
                    S: \\* .*
                    """.formatted(BearerAuth.oauthbearer(USER.name(), token())));
        }
        try (ScriptClient c = new ScriptClient(postern.address(3))) {
            c.run("""
                    S: \\+OK .*
                    C: AUTH XOAUTH2 %s
                    S: \\+OK.*
                    C: STAT
                    S: \\+OK .*
                    """.formatted(BearerAuth.xoauth2(USER.name(), token())));
        }
        String log = Files.readString(dovecot.log());
        assertThat(log).containsPattern("imap-login: Info: Login: user=<oauthuser>, method=OAUTHBEARER")
                .containsPattern("pop3-login: Info: Login: user=<oauthuser>, method=XOAUTH2");
    }

    @Test
    void angusMailLogsInWithXoauth2OverImapAndPop3() throws Exception {
        jakarta.mail.Store imap = AngusMail.xoauth2Store("imap", postern.address(0), USER.name(), token());
        try {
            assertThat(imap.getFolder("INBOX").exists()).isTrue();
        } finally {
            imap.close();
        }
        jakarta.mail.Store pop3 = AngusMail.xoauth2Store("pop3", postern.address(1), USER.name(), token());
        try {
            jakarta.mail.Folder inbox = pop3.getFolder("INBOX");
            inbox.open(jakarta.mail.Folder.READ_ONLY);
            assertThat(inbox.getMessageCount()).isNotNegative();
            inbox.close(false);
        } finally {
            pop3.close();
        }
    }

    /** Last: Dovecot slows down the logins from an address after a failure. */
    @Test
    @Order(Integer.MAX_VALUE)
    void dovecotRefusesARevokedTokenAndPosternRelaysItsAnswer() throws Exception {
        String token = token();
        idp.revoke(token);
        try (ScriptClient c = new ScriptClient(postern.address(0))) {
            c.run("""
                    S: \\* OK .*
                    C: 1 AUTHENTICATE OAUTHBEARER %s
                    S: 1 NO \\[AUTHENTICATIONFAILED\\] .*
                    S: <closed>
                    """.formatted(BearerAuth.oauthbearer(USER.name(), token)));
        }
        assertThat(idp.introspected()).contains(token);
    }

    @Test
    void curlLogsInOverImapAndPop3WithOauth2Bearer() throws Exception {
        String imap = curl("imap://127.0.0.1:" + postern.address(0).getPort() + "/INBOX", token());
        assertThat(imap).contains("> A002 AUTHENTICATE OAUTHBEARER").contains("Logged in").contains("< A003 OK");
        String pop3 = curl("pop3://127.0.0.1:" + postern.address(1).getPort() + "/", token());
        assertThat(pop3).contains("> AUTH OAUTHBEARER").contains("< +OK Logged in.");
    }

    @Test
    void pythonImaplibLogsInWithAnXoauth2Authenticator() throws Exception {
        Path script = dir.resolve("xoauth2.py");
        Files.writeString(script, """
                import imaplib, sys
                m = imaplib.IMAP4('127.0.0.1', int(sys.argv[1]))
                typ, data = m.authenticate('XOAUTH2', lambda challenge: ('user=%s\\1auth=Bearer %s\\1\\1' % (sys.argv[2], sys.argv[3])).encode())
                print(typ)
                print(m.select('INBOX')[0])
                m.logout()
                """);
        String output = run(List.of("python3", script.toString(), String.valueOf(postern.address(0).getPort()),
                USER.name(), token()));
        assertThat(output).isEqualTo("OK\nOK\n");
    }

    /** curl's --oauth2-bearer against {@code url}: its verbose transcript, failing when curl fails. */
    private String curl(String url, String token) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "-v", "--max-time", "30", "--user",
                USER.name() + ":", "--oauth2-bearer", token, url));
        return run(command);
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command.get(0) + " did not finish:\n" + output);
        }
        assertThat(process.exitValue()).as(command.get(0) + " exit; output:\n" + output).isZero();
        return output;
    }
}
