package io.postern.sasl;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.spi.Credentials;
import io.postern.spi.Credentials.BearerMechanism;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** XOAUTH2 and OAUTHBEARER responses read as freenginx's ngx_mail_auth_xoauth2 and _oauthbearer read them. */
class BearerSaslTest {

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static SaslResult<Credentials.Bearer> decoded(String user, String token, BearerMechanism mechanism) {
        return new SaslResult.Decoded<>(new Credentials.Bearer(user, token, mechanism));
    }

    @Test
    void decodesGooglesXoauth2Example() {
        assertThat(Sasl.decodeXoauth2(b64("user=someuser@example.com\001auth=Bearer ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg\001\001")))
                .isEqualTo(decoded("someuser@example.com", "ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg",
                        BearerMechanism.XOAUTH2));
    }

    @Test
    void matchesXoauth2KeysIgnoringCaseAndTakesAnEmptyUserAsFreenginxDoes() {
        assertThat(Sasl.decodeXoauth2(b64("USER=u\001AUTH=bearer t\001\001")))
                .isEqualTo(decoded("u", "t", BearerMechanism.XOAUTH2));
        assertThat(Sasl.decodeXoauth2(b64("user=\001auth=Bearer t\001\001")))
                .isEqualTo(decoded("", "t", BearerMechanism.XOAUTH2));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "user=u auth=Bearer t\001\001", // no ^A after the user
        "login=u\001auth=Bearer t\001\001",
        "user=u\001auth=Basic t\001\001",
        "user=u\001auth=Bearer t\001", // one ^A at the end
        "user=u\001auth=Bearer t",
        "user=u\r\n\001auth=Bearer t\001\001",
        "user=u\001auth=Bearer t\r\nA001 LOGOUT\001\001",
    })
    void refusesMalformedXoauth2Responses(String response) {
        assertThat(Sasl.decodeXoauth2(b64(response))).isInstanceOf(SaslResult.Invalid.class);
    }

    @Test
    void decodesRfc7628Example() {
        // RFC 7628 4.1, with its host and port pairs before the token.
        String response = "n,a=user@example.com,\001host=server.example.com\001port=143\001"
                + "auth=Bearer vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==\001\001";
        assertThat(Sasl.decodeOauthbearer(b64(response))).isEqualTo(decoded("user@example.com",
                "vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==", BearerMechanism.OAUTHBEARER));
    }

    @Test
    void decodesTheEscapedCommaAndEqualsOfASaslName() {
        // mail_oauth.t's token_escaped.
        assertThat(Sasl.decodeOauthbearer(b64("n,a=test=3D=2c@example.com,\001auth=Bearer secretok\001\001")))
                .isEqualTo(decoded("test=,@example.com", "secretok", BearerMechanism.OAUTHBEARER));
    }

    @Test
    void takesTheTokenFromAPairThatAnotherFollows() {
        assertThat(Sasl.decodeOauthbearer(b64("y,a=u,\001auth=Bearer t\001host=h")))
                .isEqualTo(decoded("u", "t", BearerMechanism.OAUTHBEARER));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "n,,\001auth=Bearer t\001\001", // no identity: refused before anyone is asked
        "n,a=,\001auth=Bearer t\001\001",
        "n,a=u\001auth=Bearer t\001\001", // the identity needs its closing comma
        "a=u,\001auth=Bearer t\001\001", // the first field is the GS2 flag, never the identity
        "n,a=u=41,\001auth=Bearer t\001\001", // only =2C and =3D are escapes
        "n,a=u,\001auth=Bearer \001\001", // an empty token
        "n,a=u,\001auth=Bearer t", // a pair without its ^A
        "n,a=u,\001host=h\001\001",
        "n,a=u,",
        "n,a=u\r\n,\001auth=Bearer t\001\001",
    })
    void refusesMalformedOauthbearerResponses(String response) {
        assertThat(Sasl.decodeOauthbearer(b64(response))).isInstanceOf(SaslResult.Invalid.class);
    }

    @Test
    void cancelsAndRefusesBadBase64LikeTheOtherMechanisms() {
        assertThat(Sasl.decodeOauthbearer("*")).isInstanceOf(SaslResult.Cancelled.class);
        assertThat(Sasl.decodeXoauth2("!!!")).isInstanceOf(SaslResult.Invalid.class);
        assertThat(Sasl.decodeXoauth2("=")).isInstanceOf(SaslResult.Invalid.class);
    }

    @Test
    void judgesTheDummyResponseToAnErrorChallengeAsFreenginxDoes() {
        assertThat(Sasl.acknowledgesBearerError(BearerMechanism.XOAUTH2, "")).isTrue();
        assertThat(Sasl.acknowledgesBearerError(BearerMechanism.XOAUTH2, "AQ==")).isFalse();
        assertThat(Sasl.acknowledgesBearerError(BearerMechanism.OAUTHBEARER, "AQ==")).isTrue();
        assertThat(Sasl.acknowledgesBearerError(BearerMechanism.OAUTHBEARER, "")).isFalse();
        assertThat(Sasl.acknowledgesBearerError(BearerMechanism.OAUTHBEARER, "*")).isFalse();
    }

    @Test
    void exchangeSendsTheErrorChallengeAndJudgesTheNextLine() {
        SaslExchange exchange = new SaslExchange(List.of(SaslMechanism.OAUTHBEARER), () -> "");
        assertThat(exchange.start(List.of("oauthbearer"))).isEqualTo(new SaslExchange.Step.Challenge(""));
        assertThat(exchange.next(b64("n,a=u,\001auth=Bearer t\001\001")))
                .isEqualTo(new SaslExchange.Step.Done(new Credentials.Bearer("u", "t", BearerMechanism.OAUTHBEARER)));
        assertThat(exchange.bearerError(BearerMechanism.OAUTHBEARER, "e30=")).isEqualTo(new SaslExchange.Step.Challenge("e30="));
        assertThat(exchange.waiting()).isTrue();
        assertThat(exchange.next("AQ==")).isEqualTo(new SaslExchange.Step.ErrorAcknowledged());
        exchange.bearerError(BearerMechanism.OAUTHBEARER, "e30=");
        assertThat(exchange.next("foo")).isEqualTo(new SaslExchange.Step.Invalid());
        assertThat(exchange.waiting()).isFalse();
    }

    @Test
    void neverShowsTheTokenInToString() {
        assertThat(new Credentials.Bearer("u", "s3cr3t-token", BearerMechanism.XOAUTH2).toString())
                .doesNotContain("s3cr3t-token").contains("<redacted>");
    }
}
