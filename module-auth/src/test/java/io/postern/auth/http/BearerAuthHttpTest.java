package io.postern.auth.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.spi.AuthDecision;
import io.postern.spi.Credentials;
import io.postern.spi.Protocol;
import io.postern.spi.UpstreamAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * freenginx's auth_http extension for XOAUTH2 and OAUTHBEARER, byte for byte: the request's
 * {@code Auth-Method}, {@code Auth-User} (the identity of the initial response) and
 * {@code Auth-Pass} (the token); the answer's {@code Auth-Error-SASL}.
 */
class BearerAuthHttpTest {

    private static final AuthHttpUrl URL = AuthHttpUrl.parse("127.0.0.1:9000/mail/auth");
    private static final String SASL_ERROR = "eyJzY2hlbWVzIjoiQmVhcmVyIiwic3RhdHVzIjoiNDAwIn0=";

    private static Credentials.Bearer bearer(Credentials.BearerMechanism mechanism) {
        return new Credentials.Bearer("test=,@example.com", "ya29.a0 tok%en", mechanism);
    }

    private static AuthDecision decide(String text, Protocol protocol, Credentials credentials) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        Answer answer = ((AnswerParser.Done) AnswerParser.parse(bytes, bytes.length)).answer();
        return ((AnswerMapper.Decided) AnswerMapper.map(answer, protocol, credentials, URL)).decision();
    }

    @ParameterizedTest
    @EnumSource(Credentials.BearerMechanism.class)
    void sendsTheMechanismTheIdentityAndTheTokenEscapedAsAPassword(Credentials.BearerMechanism mechanism) {
        byte[] request = RequestWriter.write(TestSessions.request(Protocol.SMTP, bearer(mechanism), 2), URL,
                TestSessions.nginx(URL.toString()));
        assertThat(new String(request, StandardCharsets.UTF_8)).isEqualTo("""
                GET /mail/auth HTTP/1.0\r
                Host: 127.0.0.1\r
                Auth-Method: %s\r
                Auth-User: test=,@example.com\r
                Auth-Pass: ya29.a0%%20tok%%25en\r
                Auth-Protocol: smtp\r
                Auth-Login-Attempt: 2\r
                Client-IP: 192.0.2.7\r
                Client-Host: [UNAVAILABLE]\r
                \r
                """.formatted(mechanism.method()));
    }

    @Test
    void anErrorWithAuthErrorSaslBecomesTheRejectionsChallenge() {
        assertThat(decide("Auth-Status: auth-failed\r\nAuth-Wait: 1\r\nAuth-Error-SASL: " + SASL_ERROR + "\r\n\r\n",
                Protocol.IMAP, bearer(Credentials.BearerMechanism.OAUTHBEARER)))
                .isEqualTo(new AuthDecision.Rejected("auth-failed", Optional.of(Duration.ofSeconds(1)), Optional.empty(),
                        Optional.of(SASL_ERROR)));
        assertThat(decide("Auth-Status: auth-failed\r\nAuth-Error-SASL: " + SASL_ERROR + "\r\n"
                + "Auth-Error-Code: 454 4.7.0\r\n\r\n", Protocol.SMTP, bearer(Credentials.BearerMechanism.XOAUTH2)))
                .as("without Auth-Wait the session ends after the exchange")
                .isEqualTo(new AuthDecision.Rejected("auth-failed", Optional.empty(), Optional.of("454 4.7.0"),
                        Optional.of(SASL_ERROR)));
    }

    @Test
    void ignoresAuthErrorSaslForOtherMechanismsAsFreenginxDoes() {
        assertThat(decide("Auth-Status: No\r\nAuth-Error-SASL: " + SASL_ERROR + "\r\n\r\n", Protocol.IMAP,
                new Credentials.Plain("bob", "pw"))).isEqualTo(AuthDecision.rejected("No"));
    }

    @Test
    void anImapOrPop3LoginWithATokenNeedsNoAuthPass() {
        String ok = "Auth-Status: OK\r\nAuth-Server: 10.0.0.5\r\nAuth-Port: 143\r\n\r\n";
        assertThat(decide(ok, Protocol.IMAP, bearer(Credentials.BearerMechanism.XOAUTH2)))
                .isEqualTo(new AuthDecision.Accepted(Optional.empty(), Optional.empty(),
                        Optional.of(new UpstreamAddress("10.0.0.5", 143)), Map.of()));
        assertThat(decide(ok, Protocol.POP3, bearer(Credentials.BearerMechanism.OAUTHBEARER)))
                .isInstanceOf(AuthDecision.Accepted.class);
    }
}
