package io.postern.smtp;

import static io.postern.smtp.SmtpTestSupport.PASSWORD;
import static io.postern.smtp.SmtpTestSupport.USER;
import static io.postern.smtp.SmtpTestSupport.base64;
import static io.postern.smtp.SmtpTestSupport.plain;
import static org.assertj.core.api.Assertions.assertThat;

import io.postern.spi.AuthDecision;
import io.postern.spi.Authenticator;
import io.postern.testing.PosternFixture;
import io.postern.testing.ScriptClient;
import io.postern.testing.StaticAuthModule;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exact command sequences the upstream receives (nginx's mail_smtp_xclient.t and
 * mail_proxy_smtp_auth.t), recorded by a fake Postfix.
 */
class SmtpUpstreamSequenceTest {

    private static final String XCLIENT = "xclient = on\nsmtp_auth = [login, plain, none]";
    private static final String PROXY_AUTH = "proxy_smtp_auth = on\nsmtp_auth = [login, plain, external]";
    private static final String AUTH = "C: AUTH PLAIN " + plain(USER, PASSWORD) + "\nS: 235 2\\.0\\.0 OK\n";
    private static final String ENVELOPE = """
            C: MAIL FROM:<test@example.com>
            S: 250 2\\.0\\.0 OK
            C: RCPT TO:<test@example.com>
            S: 250 2\\.1\\.5 Ok
            """;
    private static final String XCLIENT_LOGIN = "XCLIENT ADDR=127.0.0.1 LOGIN=test@example.com NAME=[UNAVAILABLE]";
    private static final String XCLIENT_ANONYMOUS = "XCLIENT ADDR=127.0.0.1 NAME=[UNAVAILABLE]";
    private static final String AUTH_PLAIN = "AUTH PLAIN " + plain(USER, PASSWORD);

    @TempDir
    Path dir;

    private FakeSmtpServer upstream;
    private PosternFixture postern;

    @AfterEach
    void stop() throws Exception {
        if (postern != null) {
            postern.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    /** Runs {@code script} after the greeting and returns what the upstream received. */
    private List<String> replay(String directives, String script, int expectedCommands) throws Exception {
        upstream = upstream == null ? new FakeSmtpServer() : upstream;
        postern = SmtpTestSupport.start(dir, directives, SmtpTestSupport.nginxTestAuth(upstream.address()));
        try (ScriptClient c = new ScriptClient(postern.address())) {
            c.run("S: 220 .*\n" + script);
        }
        return upstream.awaitCommands(expectedCommands);
    }

    @Test
    void xclientAlone() throws Exception {
        assertThat(replay(XCLIENT, AUTH, 2)).containsExactly("EHLO postern.test", XCLIENT_LOGIN);
    }

    @Test
    void xclientThenTheClientsHelo() throws Exception {
        assertThat(replay(XCLIENT, "C: HELO example.com\nS: 250 postern\\.test\n" + AUTH, 3))
                .containsExactly("EHLO postern.test", XCLIENT_LOGIN, "HELO example.com");
    }

    @Test
    void xclientThenTheClientsEhlo() throws Exception {
        assertThat(replay(XCLIENT, "C: EHLO example.com\nS: 250-postern\\.test\nS: 250 AUTH PLAIN LOGIN\n" + AUTH, 3))
                .containsExactly("EHLO postern.test", XCLIENT_LOGIN, "EHLO example.com");
    }

    @Test
    void xclientThenTheStoredEnvelope() throws Exception {
        assertThat(replay(XCLIENT, ENVELOPE, 4)).containsExactly("EHLO postern.test", XCLIENT_ANONYMOUS,
                "MAIL FROM:<test@example.com>", "RCPT TO:<test@example.com>");
    }

    @Test
    void xclientThenHeloThenTheStoredEnvelope() throws Exception {
        assertThat(replay(XCLIENT, "C: HELO example.com\nS: 250 postern\\.test\n" + ENVELOPE, 5))
                .containsExactly("EHLO postern.test", XCLIENT_ANONYMOUS, "HELO example.com",
                        "MAIL FROM:<test@example.com>", "RCPT TO:<test@example.com>");
    }

    @Test
    void xclientThenEhloThenTheStoredEnvelope() throws Exception {
        assertThat(replay(XCLIENT, "C: EHLO example.com\nS: 250-postern\\.test\nS: 250 .*\n" + ENVELOPE, 5))
                .containsExactly("EHLO postern.test", XCLIENT_ANONYMOUS, "EHLO example.com",
                        "MAIL FROM:<test@example.com>", "RCPT TO:<test@example.com>");
    }

    @Test
    void offeredModeSendsNoXclientToAnUpstreamThatDoesNotOfferIt() throws Exception {
        upstream = new FakeSmtpServer(false);
        assertThat(replay(XCLIENT.replace("xclient = on", "xclient = offered"),
                "C: HELO example.com\nS: 250 postern\\.test\n" + AUTH, 1)).containsExactly("EHLO postern.test");
    }

    @Test
    void xclientOnIsSentAsNginxDoesAndItsRefusalFailsTheLogin() throws Exception {
        upstream = new FakeSmtpServer(false);
        assertThat(replay(XCLIENT, """
                C: HELO example.com
                S: 250 postern\\.test
                C: AUTH PLAIN %s
                S: 451 4\\.3\\.2 Internal server error
                S: <closed>
                """.formatted(plain(USER, PASSWORD)), 2)).containsExactly("EHLO postern.test", XCLIENT_LOGIN);
    }

    @Test
    void xclientsRefusalIsRelayedWithProxyPassErrorMessage() throws Exception {
        upstream = new FakeSmtpServer(false);
        assertThat(replay(XCLIENT + "\nproxy_pass_error_message = on", """
                C: AUTH PLAIN %s
                S: 550 5\\.7\\.0 Error: insufficient authorization
                S: <closed>
                """.formatted(plain(USER, PASSWORD)), 2)).containsExactly("EHLO postern.test", XCLIENT_LOGIN);
    }

    @Test
    void proxySmtpAuthAfterXclientWithoutLogin() throws Exception {
        assertThat(replay(PROXY_AUTH, AUTH, 3)).containsExactly("EHLO postern.test", XCLIENT_ANONYMOUS, AUTH_PLAIN);
    }

    @Test
    void proxySmtpAuthAfterXclientAndTheClientsHelo() throws Exception {
        assertThat(replay(PROXY_AUTH, "C: HELO example.com\nS: 250 postern\\.test\n" + AUTH, 4))
                .containsExactly("EHLO postern.test", XCLIENT_ANONYMOUS, "HELO example.com", AUTH_PLAIN);
    }

    @Test
    void proxySmtpAuthAfterXclientAndTheClientsEhlo() throws Exception {
        assertThat(replay(PROXY_AUTH, "C: EHLO example.com\nS: 250-postern\\.test\nS: 250 .*\n" + AUTH, 4))
                .containsExactly("EHLO postern.test", XCLIENT_ANONYMOUS, "EHLO example.com", AUTH_PLAIN);
    }

    @Test
    void proxySmtpAuthAfterHeloWithoutXclient() throws Exception {
        assertThat(replay(PROXY_AUTH + "\nxclient = off", AUTH, 2)).containsExactly("HELO postern.test", AUTH_PLAIN);
    }

    @Test
    void proxySmtpAuthAfterEhloWithoutXclient() throws Exception {
        assertThat(replay(PROXY_AUTH + "\nxclient = off", "C: EHLO example.com\nS: 250-postern\\.test\nS: 250 .*\n"
                + AUTH, 2)).containsExactly("EHLO postern.test", AUTH_PLAIN);
    }

    @Test
    void proxySmtpAuthWithTheLoginMethod() throws Exception {
        assertThat(replay(PROXY_AUTH + "\nproxy_smtp_auth_method = login", AUTH, 5)).containsExactly(
                "EHLO postern.test", XCLIENT_ANONYMOUS, "AUTH LOGIN", base64(USER), base64(PASSWORD));
    }

    @Test
    void proxySmtpAuthMethodChosenByTheAuthDecision() throws Exception {
        upstream = new FakeSmtpServer();
        Authenticator exchangeUser = request -> StaticAuthModule.answer(new AuthDecision.Accepted(Optional.empty(),
                Optional.empty(), Optional.of(upstream.address()), Map.of(io.postern.spi.SessionAttributes.PROXY_SMTP_AUTH_METHOD, "login")));
        postern = SmtpTestSupport.start(dir, PROXY_AUTH, exchangeUser);
        try (ScriptClient c = new ScriptClient(postern.address())) {
            c.run("S: 220 .*\n" + AUTH);
        }
        assertThat(upstream.awaitCommands(5)).containsExactly(
                "EHLO postern.test", XCLIENT_ANONYMOUS, "AUTH LOGIN", base64(USER), base64(PASSWORD));
    }

    @Test
    void anUnknownAuthMethodFromTheAuthDecisionIsAnInternalError() throws Exception {
        upstream = new FakeSmtpServer();
        Authenticator odd = request -> StaticAuthModule.answer(new AuthDecision.Accepted(Optional.empty(),
                Optional.empty(), Optional.of(upstream.address()), Map.of(io.postern.spi.SessionAttributes.PROXY_SMTP_AUTH_METHOD, "gssapi")));
        postern = SmtpTestSupport.start(dir, PROXY_AUTH, odd);
        try (ScriptClient c = new ScriptClient(postern.address())) {
            c.run("S: 220 .*\n" + AUTH.replaceAll("S: 235.*", "S: 451 4\\.3\\.2 Internal server error"));
        }
    }

    @Test
    void proxySmtpAuthWithoutAPasswordIsAnInternalError() throws Exception {
        List<String> commands = replay(PROXY_AUTH, """
                C: EHLO example.com
                S: 250-postern\\.test
                S: 250 AUTH PLAIN LOGIN EXTERNAL
                C: AUTH EXTERNAL
                S: 334 VXNlcm5hbWU6
                C: %s
                S: 451 4\\.3\\.2 Internal server error
                S: <closed>
                """.formatted(base64(USER)), 0);
        assertThat(commands).isEmpty();
    }

    @Test
    void encodesTheXclientLoginAsXtext() throws Exception {
        upstream = new FakeSmtpServer();
        Authenticator renaming = request -> StaticAuthModule.answer(new AuthDecision.Accepted(
                Optional.of("tést+1=2 x@example.com"), Optional.empty(), Optional.of(upstream.address()), Map.of()));
        postern = SmtpTestSupport.start(dir, "", renaming);
        try (ScriptClient c = new ScriptClient(postern.address())) {
            c.run("S: 220 .*\n" + AUTH);
        }
        assertThat(upstream.awaitCommands(2)).containsExactly("EHLO postern.test",
                "XCLIENT ADDR=127.0.0.1 LOGIN=t+C3+A9st+2B1+3D2+20x@example.com NAME=[UNAVAILABLE]");
    }

    @Test
    void relaysTheUpstreamsRefusalWithProxyPassErrorMessage() throws Exception {
        upstream = new FakeSmtpServer();
        Authenticator wrongPassword = request -> StaticAuthModule.answer(new AuthDecision.Accepted(
                Optional.empty(), Optional.of("wrong"), Optional.of(upstream.address()), Map.of()));
        postern = SmtpTestSupport.start(dir, "proxy_smtp_auth = on\nproxy_pass_error_message = on", wrongPassword);
        try (ScriptClient c = new ScriptClient(postern.address())) {
            c.run("""
                    S: 220 .*
                    C: AUTH PLAIN %s
                    S: 535 5\\.7\\.8 Error: authentication failed
                    S: <closed>
                    """.formatted(plain(USER, PASSWORD)));
        }
    }

    @Test
    void answersTheInternalErrorForAnUpstreamRefusalByDefault() throws Exception {
        upstream = new FakeSmtpServer();
        Authenticator wrongPassword = request -> StaticAuthModule.answer(new AuthDecision.Accepted(
                Optional.empty(), Optional.of("wrong"), Optional.of(upstream.address()), Map.of()));
        postern = SmtpTestSupport.start(dir, "proxy_smtp_auth = on", wrongPassword);
        try (ScriptClient c = new ScriptClient(postern.address())) {
            c.run("""
                    S: 220 .*
                    C: AUTH PLAIN %s
                    S: 451 4\\.3\\.2 Internal server error
                    S: <closed>
                    """.formatted(plain(USER, PASSWORD)));
        }
    }
}
