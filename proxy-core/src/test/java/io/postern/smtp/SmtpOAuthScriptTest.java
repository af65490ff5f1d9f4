package io.postern.smtp;

import static io.postern.testing.BearerAuth.GOOD_TOKEN;
import static io.postern.testing.BearerAuth.SASL_ERROR;
import static io.postern.testing.BearerAuth.SASL_FAIL_TOKEN;
import static io.postern.testing.BearerAuth.oauthbearer;
import static io.postern.testing.BearerAuth.xoauth2;
import static org.assertj.core.api.Assertions.assertThat;

import io.postern.spi.AuthDecision;
import io.postern.spi.Authenticator;
import io.postern.spi.Credentials;
import io.postern.testing.BearerAuth;
import io.postern.testing.PosternFixture;
import io.postern.testing.ScriptClient;
import io.postern.testing.StaticAuthModule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** freenginx's mail_oauth.t for SMTP, byte-exact, through Postern to a fake Postfix. */
class SmtpOAuthScriptTest {

    private static final String USER = FakeSmtpServer.USER;
    private static final String CONFIG = "xclient = off\nsmtp_auth = [plain, oauthbearer, xoauth2]";

    @TempDir
    Path dir;

    private FakeSmtpServer upstream;
    private PosternFixture postern;

    @BeforeEach
    void startUpstream() throws Exception {
        upstream = new FakeSmtpServer();
    }

    @AfterEach
    void stop() throws Exception {
        if (postern != null) {
            postern.close();
        }
        upstream.close();
    }

    private ScriptClient start(String directives, Authenticator authenticator) throws Exception {
        postern = SmtpTestSupport.start(dir, directives, authenticator);
        return new ScriptClient(postern.address());
    }

    private Authenticator auth() {
        return BearerAuth.likeMailOauthT(USER, FakeSmtpServer.PASSWORD, upstream.address(),
                Optional.of(Duration.ofMillis(10)));
    }

    @Test
    void advertisesTheBearerMechanismsInEhlo() throws Exception {
        try (ScriptClient c = start("smtp_auth = [oauthbearer, xoauth2, login]", auth())) {
            c.run("""
                    S: 220 .*
                    C: EHLO example.com
                    S: 250-postern\\.test
                    S: 250 AUTH LOGIN XOAUTH2 OAUTHBEARER
                    """);
        }
    }

    @Test
    void logsInWithOauthbearerAndXoauth2() throws Exception {
        try (ScriptClient c = start(CONFIG, auth())) {
            c.run("""
                    S: 220 .*
                    C: EHLO example.com
                    S: 250.*
                    S: 250 AUTH .*
                    C: AUTH OAUTHBEARER %s
                    S: 235 2\\.0\\.0 OK
                    """.formatted(oauthbearer(USER, GOOD_TOKEN)));
        }
        try (ScriptClient c = new ScriptClient(postern.address())) {
            c.run("""
                    S: 220 .*
                    C: EHLO example.com
                    S: 250.*
                    S: 250 AUTH .*
                    C: AUTH XOAUTH2
                    S: 334\\x20
                    C: %s
                    S: 235 2\\.0\\.0 OK
                    """.formatted(xoauth2(USER, GOOD_TOKEN)));
        }
    }

    @Test
    void sendsTheSaslErrorThenTheStatusAfterTheDummyResponse() throws Exception {
        try (ScriptClient c = start(CONFIG, auth())) {
            c.run("""
                    S: 220 .*
                    C: EHLO example.com
                    S: 250.*
                    S: 250 AUTH .*
                    C: AUTH OAUTHBEARER %1$s
                    S: 334 %2$s
                    C: AQ==
                    S: 535 5\\.7\\.0 auth-failed
                    C: AUTH OAUTHBEARER %1$s
                    S: 334 %2$s
                    C: foo
                    S: 500 5\\.5\\.1 Invalid command
                    C: AUTH OAUTHBEARER %3$s
                    S: 235 2\\.0\\.0 OK
                    """.formatted(oauthbearer(USER, SASL_FAIL_TOKEN), SASL_ERROR, oauthbearer(USER, GOOD_TOKEN)));
        }
    }

    @Test
    void proxySmtpAuthReplaysTheTokenAsThePasswordWhenTheAuthPhaseGivesNone() throws Exception {
        String token = FakeSmtpServer.PASSWORD; // what the upstream checks, as Dovecot's oauth2 passdb would
        Authenticator noPassword = r -> StaticAuthModule.answer(r.credentials() instanceof Credentials.Bearer
                ? AuthDecision.acceptedTo(upstream.address()) : AuthDecision.declined());
        try (ScriptClient c = start(CONFIG + "\nproxy_smtp_auth = on", noPassword)) {
            c.run("""
                    S: 220 .*
                    C: EHLO example.com
                    S: 250.*
                    S: 250 AUTH .*
                    C: AUTH XOAUTH2 %s
                    S: 235 2\\.0\\.0 OK
                    """.formatted(xoauth2(USER, token)));
        }
        assertThat(upstream.commands()).contains("AUTH PLAIN " + SmtpTestSupport.plain(USER, token));
    }
}
