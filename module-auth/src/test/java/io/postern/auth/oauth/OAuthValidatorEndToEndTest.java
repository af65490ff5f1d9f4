package io.postern.auth.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.postern.auth.AuthModule;
import io.postern.auth.testkit.LogCapture;
import io.postern.module.LoadedModule;
import io.postern.module.ModuleDescriptor;
import io.postern.spi.SpiVersion;
import io.postern.testing.BearerAuth;
import io.postern.testing.FakeIdentityProvider;
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
 * module-auth's token validator with no auth server: JWTs checked against the fake identity
 * provider's JWKS, through Postern to GreenMail (which takes any password, standing for a
 * backend that trusts the proxy) on all three protocols; every refusal gets RFC 7628's error.
 */
class OAuthValidatorEndToEndTest {

    private static final String USER = "alice@example.com";
    private static final String OPENID = "https://idp.test/realms/mail/.well-known/openid-configuration";

    @TempDir
    Path dir;

    private FakeIdentityProvider idp;
    private GreenMail greenMail;
    private PosternFixture postern;

    @BeforeEach
    void start() throws Exception {
        idp = new FakeIdentityProvider();
        greenMail = new GreenMail(new ServerSetup[] {
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP),
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_POP3),
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP)})
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        greenMail.start();
    }

    private void startPostern(String validation) throws Exception {
        postern = PosternFixture.start(dir, """
                mail {
                  upstreams {
                    imap { servers = ["127.0.0.1:%d"] }
                    pop3 { servers = ["127.0.0.1:%d"] }
                    smtp { servers = ["127.0.0.1:%d"] }
                  }
                  servers {
                    imap { protocol = imap, listen = "127.0.0.1:0", proxy_pass = imap }
                    pop3 { protocol = pop3, listen = "127.0.0.1:0", proxy_pass = pop3 }
                    smtp { protocol = smtp, listen = "127.0.0.1:0", proxy_pass = smtp, xclient = off }
                  }
                  imap_auth = [oauthbearer, xoauth2]
                  pop3_auth = [oauthbearer, xoauth2]
                  smtp_auth = [oauthbearer, xoauth2]
                  auth_throttle = off
                  auth_oauth_issuer = "%s"
                  auth_oauth_audience = mail
                  auth_oauth_scope = "mail.access"
                  auth_oauth_openid_configuration = "%s"
                  %s
                }
                """.formatted(greenMail.getImap().getPort(), greenMail.getPop3().getPort(),
                greenMail.getSmtp().getPort(), FakeIdentityProvider.ISSUER, OPENID, validation),
                LoadedModule.inProcess(new AuthModule(), new ModuleDescriptor("auth", "test", SpiVersion.current(),
                        "test")));
    }

    private void startWithJwks() throws Exception {
        startPostern("auth_oauth_jwks = \"" + idp.jwksUrl() + "\"\nauth_oauth_jwks_refresh_interval = 1h");
    }

    @AfterEach
    void stop() {
        if (postern != null) {
            postern.close();
        }
        greenMail.stop();
        idp.close();
    }

    private String goodJwt() {
        return idp.jwt(USER, "mail", "openid mail.access", 300);
    }

    private static String error(String status) {
        return Base64.getEncoder().encodeToString(("{\"status\":\"" + status + "\",\"scope\":\"mail.access\","
                + "\"openid-configuration\":\"" + OPENID + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    /** The IMAP exchange of a refused token: the error challenge, the dummy response, the failure, the close. */
    private void imapRefused(String token, String status) throws Exception {
        try (ScriptClient c = new ScriptClient(postern.address(0))) {
            c.run("""
                    S: \\* OK .*
                    C: 1 AUTHENTICATE OAUTHBEARER %s
                    S: \\+ %s
                    C: AQ==
                    S: 1 NO Authentication failed
                    S: <closed>
                    """.formatted(BearerAuth.oauthbearer(USER, token), error(status)));
        }
    }

    @Test
    void aGoodJwtLogsInOnEachProtocolAndNoTokenIsLogged() throws Exception {
        startWithJwks();
        String token = goodJwt();
        try (LogCapture logs = new LogCapture(Level.DEBUG)) {
            try (ScriptClient c = new ScriptClient(postern.address(0))) {
                c.run("""
                        S: \\* OK .*
                        C: 1 AUTHENTICATE XOAUTH2 %s
                        S: 1 OK .*
                        C: 2 SELECT INBOX
                        S: \\* .*
                        """.formatted(BearerAuth.xoauth2(USER, token)));
            }
            try (ScriptClient c = new ScriptClient(postern.address(1))) {
                c.run("""
                        S: \\+OK .*
                        C: AUTH OAUTHBEARER %s
                        S: \\+OK.*
                        """.formatted(BearerAuth.oauthbearer(USER, token)));
            }
            try (ScriptClient c = new ScriptClient(postern.address(2))) {
                c.run("""
                        S: 220 .*
                        C: EHLO client.example
                        S: 250-.*
                        S: 250 AUTH XOAUTH2 OAUTHBEARER
                        C: AUTH XOAUTH2 %s
                        S: 235 2\\.0\\.0 OK
                        """.formatted(BearerAuth.xoauth2(USER, token)));
            }
            imapRefused(idp.jwt(USER, "mail", "openid mail.access", -600), "invalid_token");
            assertThat(logs.all()).doesNotContain(token).contains("expired at");
        }
        assertThat(idp.jwksFetches()).isEqualTo(1);
    }

    @Test
    void refusesExpiredWrongAudienceWrongIssuerAndOtherUsersTokens() throws Exception {
        startWithJwks();
        imapRefused(idp.jwt(USER, "mail", "mail.access", -120), "invalid_token"); // past the 60s skew
        imapRefused(idp.jwt(USER, "calendar", "mail.access", 300), "invalid_token");
        imapRefused(idp.jwt("mallory@example.com", "mail", "mail.access", 300), "invalid_token");
        Map<String, Object> claims = idp.claims(USER, "mail", "mail.access", 300);
        claims.put("iss", "https://evil.test/");
        imapRefused(idp.jwt(claims, FakeIdentityProvider.newKey("key-1")), "invalid_token");
    }

    @Test
    void takesATokenJustExpiredWithinTheClockSkew() throws Exception {
        startWithJwks();
        try (ScriptClient c = new ScriptClient(postern.address(0))) {
            c.run("""
                    S: \\* OK .*
                    C: 1 AUTHENTICATE XOAUTH2 %s
                    S: 1 OK .*
                    """.formatted(BearerAuth.xoauth2(USER, idp.jwt(USER, "mail", "mail.access", -5))));
        }
    }

    @Test
    void refusesAWrongSignatureAndAMissingScopeWithItsOwnStatus() throws Exception {
        startWithJwks();
        // Signed by a key the provider never published, under the published key's id.
        imapRefused(idp.jwt(idp.claims(USER, "mail", "mail.access", 300), FakeIdentityProvider.newKey("key-1")),
                "invalid_token");
        imapRefused(idp.jwt(USER, "mail", "openid", 300), "insufficient_scope");
        imapRefused("not.a.jwt", "invalid_token");
    }

    @Test
    void fetchesTheKeysForAnUnknownKeyIdAtMostOncePerInterval() throws Exception {
        startWithJwks(); // auth_oauth_jwks_refresh_interval = 1h
        imapLogin(goodJwt());
        imapRefused(idp.jwt(idp.claims(USER, "mail", "mail.access", 300), FakeIdentityProvider.newKey("key-2")),
                "invalid_token");
        imapRefused(idp.jwt(idp.claims(USER, "mail", "mail.access", 300), FakeIdentityProvider.newKey("key-3")),
                "invalid_token");
        assertThat(idp.jwksFetches()).as("made-up key ids within the interval fetch nothing").isEqualTo(1);
    }

    @Test
    void aRotatedKeyIsFetchedWhenATokenNamesIt() throws Exception {
        startPostern("auth_oauth_jwks = \"" + idp.jwksUrl() + "\"\nauth_oauth_jwks_refresh_interval = 0s");
        imapLogin(goodJwt());
        idp.rotateTo(FakeIdentityProvider.newKey("key-2"));
        imapLogin(goodJwt());
        assertThat(idp.jwksFetches()).isEqualTo(2);
    }

    @Test
    void introspectionAcceptsActiveTokensAndRefusesRevokedOnes() throws Exception {
        startPostern("auth_oauth_introspection = \"" + idp.introspectionUrl() + "\"\nauth_oauth_introspection_cache = 0s");
        String token = idp.opaqueToken(USER, "mail", "mail.access", 300);
        imapLogin(token);
        idp.revoke(token);
        imapRefused(token, "invalid_token");
        imapRefused(idp.opaqueToken(USER, "mail", "mail.access", -300), "invalid_token");
        assertThat(idp.introspected()).hasSize(3);
    }

    @Test
    void introspectionAnswersAreReusedUntilTheCacheEnds() throws Exception {
        startPostern("auth_oauth_introspection = \"" + idp.introspectionUrl() + "\"");
        String token = idp.opaqueToken(USER, "mail", "mail.access", 300);
        imapLogin(token);
        imapLogin(token);
        assertThat(idp.introspected()).hasSize(1);
    }

    @Test
    void anUnreachableProviderIsATemporaryFailure() throws Exception {
        startPostern("auth_oauth_jwks = \"http://127.0.0.1:1/jwks\"");
        try (ScriptClient c = new ScriptClient(postern.address(0))) {
            c.run("""
                    S: \\* OK .*
                    C: 1 AUTHENTICATE XOAUTH2 %s
                    S: \\* BAD internal server error
                    S: <closed>
                    """.formatted(BearerAuth.xoauth2(USER, goodJwt())));
        }
    }

    private void imapLogin(String token) throws Exception {
        try (ScriptClient c = new ScriptClient(postern.address(0))) {
            c.run("""
                    S: \\* OK .*
                    C: 1 AUTHENTICATE XOAUTH2 %s
                    S: 1 OK .*
                    """.formatted(BearerAuth.xoauth2(USER, token)));
        }
    }

    @Test
    void curlLogsInWithOauth2BearerOnImapPop3AndSmtp() throws Exception {
        startWithJwks();
        String imap = curl(List.of("imap://127.0.0.1:" + postern.address(0).getPort() + "/INBOX"));
        assertThat(imap).contains("AUTHENTICATE OAUTHBEARER").contains("OK");
        String pop3 = curl(List.of("pop3://127.0.0.1:" + postern.address(1).getPort() + "/"));
        assertThat(pop3).contains("> AUTH OAUTHBEARER").contains("< +OK");
        String smtp = curl(List.of("smtp://127.0.0.1:" + postern.address(2).getPort(), "--mail-from", USER,
                "--mail-rcpt", "bob@example.com", "--upload-file", "-"));
        assertThat(smtp).contains("> AUTH OAUTHBEARER").contains("< 235 2.0.0 OK").contains("< 250");
    }

    /** curl with --oauth2-bearer as {@link #USER}: its verbose transcript; fails when curl fails. */
    private String curl(List<String> arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("curl", "-sS", "-v", "--max-time", "30", "--user",
                USER + ":", "--oauth2-bearer", goodJwt()));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (java.io.OutputStream in = process.getOutputStream()) {
            in.write("Subject: token\r\n\r\nsent with a bearer token\r\n".getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("curl exit; output:\n" + output).isZero();
        return output;
    }
}
