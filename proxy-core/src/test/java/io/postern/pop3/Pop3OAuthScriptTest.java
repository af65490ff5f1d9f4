package io.postern.pop3;

import static io.postern.testing.BearerAuth.GOOD_TOKEN;
import static io.postern.testing.BearerAuth.SASL_ERROR;
import static io.postern.testing.BearerAuth.SASL_FAIL_TOKEN;
import static io.postern.testing.BearerAuth.oauthbearer;
import static io.postern.testing.BearerAuth.xoauth2;

import io.postern.spi.Authenticator;
import io.postern.testing.BearerAuth;
import io.postern.testing.ScriptClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** freenginx's mail_oauth.t for POP3, byte-exact, through Postern to GreenMail. */
class Pop3OAuthScriptTest {

    private static final String USER = Pop3GreenMail.USER;
    private static final String CONFIG = "pop3_auth = [plain, oauthbearer, xoauth2]";

    @TempDir
    Path dir;

    private final Pop3Postern postern = new Pop3Postern();

    @AfterEach
    void stop() {
        postern.close();
        postern.stopUpstream();
    }

    private ScriptClient start(String directives) throws Exception {
        Authenticator auth = BearerAuth.likeMailOauthT(USER, Pop3GreenMail.PASSWORD, postern.upstream.address(),
                Optional.of(Duration.ofMillis(10)));
        postern.start(dir, directives, auth);
        return postern.client();
    }

    @Test
    void listsTheBearerMechanismsInCapaAndAuth() throws Exception {
        try (ScriptClient c = start("pop3_auth = [xoauth2, oauthbearer, plain]")) {
            c.run("""
                    S: \\+OK POP3 ready
                    C: CAPA
                    S: \\+OK Capability list follows
                    S: TOP
                    S: USER
                    S: UIDL
                    S: SASL PLAIN LOGIN XOAUTH2 OAUTHBEARER
                    S: \\.
                    C: AUTH
                    S: \\+OK methods supported:
                    S: PLAIN
                    S: LOGIN
                    S: XOAUTH2
                    S: OAUTHBEARER
                    S: \\.
                    """);
        }
    }

    @Test
    void logsInWithOauthbearerAndXoauth2() throws Exception {
        try (ScriptClient c = start(CONFIG)) {
            c.run("""
                    S: \\+OK POP3 ready
                    C: AUTH OAUTHBEARER %s
                    S: \\+OK.*
                    """.formatted(oauthbearer(USER, GOOD_TOKEN)));
        }
        try (ScriptClient c = postern.client()) {
            c.run("""
                    S: \\+OK POP3 ready
                    C: AUTH XOAUTH2
                    S: \\+\\x20
                    C: %s
                    S: \\+OK.*
                    """.formatted(xoauth2(USER, GOOD_TOKEN)));
        }
    }

    @Test
    void sendsTheSaslErrorThenTheStatusAfterTheDummyResponse() throws Exception {
        try (ScriptClient c = start(CONFIG)) {
            c.run("""
                    S: \\+OK POP3 ready
                    C: AUTH OAUTHBEARER %1$s
                    S: \\+ %2$s
                    C: AQ==
                    S: -ERR auth-failed
                    C: AUTH OAUTHBEARER %1$s
                    S: \\+ %2$s
                    C: 
                    S: -ERR invalid command
                    C: AUTH OAUTHBEARER %3$s
                    S: \\+OK.*
                    """.formatted(oauthbearer(USER, SASL_FAIL_TOKEN), SASL_ERROR, oauthbearer(USER, GOOD_TOKEN)));
        }
    }

    @Test
    void proxyOauthMechanismNeverFallsBackToUserPassWhenTheUpstreamLacksTheMechanism() throws Exception {
        try (ScriptClient c = start(CONFIG + "\nproxy_oauth = mechanism")) {
            c.run("""
                    S: \\+OK POP3 ready
                    C: AUTH XOAUTH2 %s
                    S: -ERR internal server error
                    S: <closed>
                    """.formatted(xoauth2(USER, GOOD_TOKEN)));
        }
    }
}
