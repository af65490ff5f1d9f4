package io.postern.smtp;

import io.postern.spi.AuthDecision;
import io.postern.spi.Authenticator;
import io.postern.spi.Credentials;
import io.postern.spi.UpstreamAddress;
import io.postern.testing.PosternFixture;
import io.postern.testing.StaticAuthModule;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/** The auth phase and configuration of nginx's SMTP tests, for Postern in-process. */
final class SmtpTestSupport {

    static final String USER = FakeSmtpServer.USER;
    static final String PASSWORD = FakeSmtpServer.PASSWORD;
    static final String SERVER_NAME = "postern.test";

    private SmtpTestSupport() {
    }

    /**
     * nginx-tests' auth server for mail_smtp.t: the right password, a CRAM-MD5 digest of 32
     * zeros (answered with the clear-text password), EXTERNAL for the user, and {@code none}
     * when the recipient mentions example.com are accepted; anything else is refused with a
     * short {@code Auth-Wait}.
     */
    static Authenticator nginxTestAuth(UpstreamAddress upstream) {
        return request -> {
            Credentials c = request.credentials();
            AuthDecision accepted = AuthDecision.acceptedTo(upstream);
            if (c instanceof Credentials.Plain p && p.user().equals(USER) && p.password().equals(PASSWORD)
                    || c instanceof Credentials.External e && e.user().equals(USER)
                    || c instanceof Credentials.None n && n.rcptTo().contains("example.com")) {
                return StaticAuthModule.answer(accepted);
            }
            if (c instanceof Credentials.CramMd5 m && m.user().equals(USER) && m.digest().equals("0".repeat(32))) {
                return StaticAuthModule.answer(new AuthDecision.Accepted(Optional.empty(), Optional.of(PASSWORD),
                        Optional.of(upstream), Map.of()));
            }
            return StaticAuthModule.answer(new AuthDecision.Rejected("Authentication failed",
                    Optional.of(Duration.ofMillis(100)), Optional.empty()));
        };
    }

    /** Postern with one SMTP server and {@code directives} at the mail level. */
    static PosternFixture start(Path dir, String directives, Authenticator authenticator) throws Exception {
        return PosternFixture.start(dir, "mail {\nserver_name = " + SERVER_NAME + "\n" + directives + "\n"
                + "servers { smtp { protocol = smtp, listen = \"127.0.0.1:0\" } }\n}\n",
                StaticAuthModule.of(authenticator));
    }

    static String plain(String user, String password) {
        return base64("\0" + user + "\0" + password);
    }

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
