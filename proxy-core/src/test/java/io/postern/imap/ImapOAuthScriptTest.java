package io.postern.imap;

import static io.postern.testing.BearerAuth.BAD_TOKEN;
import static io.postern.testing.BearerAuth.GOOD_TOKEN;
import static io.postern.testing.BearerAuth.SASL_FAIL_TOKEN;
import static io.postern.testing.BearerAuth.oauthbearer;
import static io.postern.testing.BearerAuth.xoauth2;

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

/**
 * freenginx's mail_oauth.t for IMAP, byte-exact, through Postern to GreenMail: XOAUTH2 and
 * OAUTHBEARER with SASL-IR and after a challenge, the {@code Auth-Error-SASL} challenge and
 * the dummy response, and the upstream login with the auth phase's password or the token.
 */
class ImapOAuthScriptTest {

    private static final String USER = GreenMailUpstream.USER;
    private static final String CONFIG = "imap_auth = [plain, oauthbearer, xoauth2]";

    @TempDir
    Path dir;

    private GreenMailUpstream upstream;
    private PosternFixture postern;

    @BeforeEach
    void startUpstream() {
        upstream = new GreenMailUpstream();
    }

    @AfterEach
    void stop() {
        if (postern != null) {
            postern.close();
        }
        upstream.close();
    }

    private ScriptClient start(String mailDirectives, Authenticator authenticator) throws Exception {
        postern = PosternFixture.start(dir, "mail {\n" + mailDirectives + "\n"
                + "servers { imap { protocol = imap, listen = \"127.0.0.1:0\" } }\n}\n",
                StaticAuthModule.of(authenticator));
        return new ScriptClient(postern.address());
    }

    /** mail_oauth.t's auth server, with its {@code Auth-Wait} (shortened) unless {@code retry} is false. */
    private Authenticator auth(boolean retry) {
        return BearerAuth.likeMailOauthT(USER, GreenMailUpstream.PASSWORD, upstream.address(),
                retry ? Optional.of(Duration.ofMillis(10)) : Optional.empty());
    }

    @Test
    void advertisesTheBearerMechanismsInFreenginxOrder() throws Exception {
        try (ScriptClient c = start("imap_auth = [oauthbearer, xoauth2, plain]", auth(true))) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C: a1 CAPABILITY
                    S: \\* CAPABILITY IMAP4 IMAP4rev1 UIDPLUS AUTH=PLAIN AUTH=XOAUTH2 AUTH=OAUTHBEARER
                    S: a1 OK completed
                    """);
        }
    }

    @Test
    void refusesBearerMechanismsThatAreNotEnabled() throws Exception {
        try (ScriptClient c = start("imap_auth = [plain]", auth(true))) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C: 1 AUTHENTICATE OAUTHBEARER %s
                    S: 1 BAD invalid command
                    C: 2 AUTHENTICATE XOAUTH2
                    S: 2 BAD invalid command
                    """.formatted(oauthbearer(USER, GOOD_TOKEN)));
        }
    }

    @Test
    void logsInWithOauthbearerWithAnInitialResponseOrAfterAChallenge() throws Exception {
        try (ScriptClient c = start(CONFIG, auth(true))) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C: 1 AUTHENTICATE OAUTHBEARER %s
                    S: 1 OK .*
                    """.formatted(oauthbearer(USER, GOOD_TOKEN)));
        }
        try (ScriptClient c = new ScriptClient(postern.address())) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C: 1 AUTHENTICATE OAUTHBEARER
                    S: \\+\\x20
                    C: %s
                    S: 1 OK .*
                    """.formatted(oauthbearer(USER, GOOD_TOKEN)));
        }
    }

    @Test
    void logsInWithXoauth2WithAnInitialResponseOrAfterAChallenge() throws Exception {
        try (ScriptClient c = start(CONFIG, auth(true))) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C: 1 AUTHENTICATE XOAUTH2 %s
                    S: 1 OK .*
                    """.formatted(xoauth2(USER, GOOD_TOKEN)));
        }
        try (ScriptClient c = new ScriptClient(postern.address())) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C: 1 AUTHENTICATE XOAUTH2
                    S: \\+\\x20
                    C: %s
                    S: 1 OK .*
                    """.formatted(xoauth2(USER, GOOD_TOKEN)));
        }
    }

    @Test
    void refusesABadTokenWithTheStatusTextAndClosesWithoutAuthWait() throws Exception {
        try (ScriptClient c = start(CONFIG, auth(false))) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C: 1 AUTHENTICATE OAUTHBEARER %s
                    S: 1 NO auth-failed
                    S: <closed>
                    """.formatted(oauthbearer(USER, BAD_TOKEN)));
        }
    }

    @Test
    void sendsTheSaslErrorThenTheStatusAfterTheDummyResponseAndLetsTheClientTryAgain() throws Exception {
        try (ScriptClient c = start(CONFIG, auth(true))) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C: 1 AUTHENTICATE OAUTHBEARER %1$s
                    S: \\+ %2$s
                    C: AQ==
                    S: 1 NO auth-failed
                    C: 2 AUTHENTICATE OAUTHBEARER %1$s
                    S: \\+ %2$s
                    C: foo
                    S: 2 BAD invalid command
                    C: 3 AUTHENTICATE OAUTHBEARER
                    S: \\+\\x20
                    C: %3$s
                    S: 3 OK .*
                    """.formatted(oauthbearer(USER, SASL_FAIL_TOKEN), BearerAuth.SASL_ERROR,
                    oauthbearer(USER, GOOD_TOKEN)));
        }
    }

    @Test
    void takesAnEmptyLineAsXoauth2sDummyResponse() throws Exception {
        try (ScriptClient c = start(CONFIG, auth(true))) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C: 1 AUTHENTICATE XOAUTH2 %1$s
                    S: \\+ %2$s
                    C: 
                    S: 1 NO auth-failed
                    C: 1 AUTHENTICATE XOAUTH2 %1$s
                    S: \\+ %2$s
                    C: AQ==
                    S: 1 BAD invalid command
                    C: 1 AUTHENTICATE XOAUTH2 %3$s
                    S: 1 OK .*
                    """.formatted(xoauth2(USER, SASL_FAIL_TOKEN), BearerAuth.SASL_ERROR, xoauth2(USER, GOOD_TOKEN)));
        }
    }

    @Test
    void closesAfterTheSaslErrorExchangeWithoutAuthWait() throws Exception {
        try (ScriptClient c = start(CONFIG, auth(false))) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C: 1 AUTHENTICATE OAUTHBEARER %s
                    S: \\+ %s
                    C: AQ==
                    S: 1 NO auth-failed
                    S: <closed>
                    """.formatted(oauthbearer(USER, SASL_FAIL_TOKEN), BearerAuth.SASL_ERROR));
        }
        try (ScriptClient c = new ScriptClient(postern.address())) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C: 1 AUTHENTICATE OAUTHBEARER %s
                    S: \\+ %s
                    C: foo
                    S: 1 BAD invalid command
                    S: <closed>
                    """.formatted(oauthbearer(USER, SASL_FAIL_TOKEN), BearerAuth.SASL_ERROR));
        }
    }

    @Test
    void refusesOauthbearerWithoutAnIdentityBeforeAskingTheAuthPhase() throws Exception {
        Authenticator refuseAll = r -> StaticAuthModule.answer(AuthDecision.rejected("asked"));
        try (ScriptClient c = start(CONFIG, refuseAll)) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C: 1 AUTHENTICATE OAUTHBEARER %s
                    S: 1 BAD invalid command
                    C: 2 NOOP
                    S: 2 OK completed
                    """.formatted(BearerAuth.b64("n,,\001auth=Bearer " + GOOD_TOKEN + "\001\001")));
        }
    }

    @Test
    void replaysTheTokenAsTheUpstreamPasswordWhenTheAuthPhaseGivesNone() throws Exception {
        // GreenMail's password stands for the token that Dovecot's oauth2 passdb would check.
        String token = GreenMailUpstream.PASSWORD;
        Authenticator noPassword = r -> StaticAuthModule.answer(r.credentials() instanceof Credentials.Bearer
                ? AuthDecision.acceptedTo(upstream.address()) : AuthDecision.declined());
        try (ScriptClient c = start(CONFIG, noPassword)) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C: 1 AUTHENTICATE XOAUTH2 %s
                    S: 1 OK .*
                    """.formatted(xoauth2(USER, token)));
        }
    }

    @Test
    void proxyOauthMechanismNeverFallsBackToLoginWhenTheUpstreamLacksTheMechanism() throws Exception {
        try (ScriptClient c = start(CONFIG + "\nproxy_oauth = mechanism", auth(true))) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C: 1 AUTHENTICATE XOAUTH2 %s
                    S: \\* BAD internal server error
                    S: <closed>
                    """.formatted(xoauth2(USER, GOOD_TOKEN)));
        }
    }

    @Test
    void countsMalformedBearerResponsesTowardMaxCommandsButNotMaxErrorsAsFreenginx() throws Exception {
        try (ScriptClient c = start(CONFIG + "\nmax_errors = 1\nmax_commands = 4", auth(true))) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C: 1 AUTHENTICATE OAUTHBEARER %s
                    S: 1 BAD invalid command
                    C: 2 AUTHENTICATE XOAUTH2
                    S: \\+\\x20
                    C: bm90IHhvYXV0aDI=
                    S: 2 BAD invalid command
                    C: 3 NOOP
                    S: 3 OK completed
                    C: 4 NOOP
                    S: 4 BAD invalid command
                    S: <closed>
                    """.formatted(BearerAuth.b64("n,a=x,\001auth=Basic t\001\001")));
        }
    }

    @Test
    void aSeveralKilobyteTokenNeedsALargerImapClientBufferThanNginxsPage() throws Exception {
        // An Entra ID token's size: its SASL-IR line is past the 4k default, as in nginx.
        String token = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9." + "x".repeat(3500);
        Authenticator anyToken = r -> StaticAuthModule.answer(r.credentials() instanceof Credentials.Bearer b
                && b.token().equals(token) ? new AuthDecision.Accepted(Optional.empty(),
                Optional.of(GreenMailUpstream.PASSWORD), Optional.of(upstream.address()), java.util.Map.of())
                : AuthDecision.declined());
        try (ScriptClient c = start(CONFIG, anyToken)) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C: 1 AUTHENTICATE XOAUTH2 %s
                    S: 1 BAD invalid command
                    S: <closed>
                    """.formatted(xoauth2(USER, token)));
        }
        postern.close();
        try (ScriptClient c = start(CONFIG + "\nimap_client_buffer = 16k", anyToken)) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C: 1 AUTHENTICATE XOAUTH2 %s
                    S: 1 OK .*
                    """.formatted(xoauth2(USER, token)));
        }
    }
}
