package io.postern.sasl;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.spi.Credentials;
import io.postern.spi.WireText;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SaslTest {

    private static final String RFC2195_SALT = "<1896.697170952@postoffice.reston.mci.net>";

    @Test
    void decodesPlainRfc4616Examples() {
        assertThat(Sasl.decodePlain("AHRpbQB0YW5zdGFhZnRhbnN0YWFm"))
                .isEqualTo(decoded(new Credentials.Plain("tim", "tanstaaftanstaaf")));
        // "Ursel\0Kurt\0xipj3plmq": the authorization identity is dropped, as nginx does.
        assertThat(Sasl.decodePlain("VXJzZWwAS3VydAB4aXBqM3BsbXE="))
                .isEqualTo(decoded(new Credentials.Plain("Kurt", "xipj3plmq")));
    }

    @ParameterizedTest
    @CsvSource({
        "AHRpbQB0YW5z!!!, invalid base64",
        "AHRpbQ B0YW5z, invalid base64",
        "dGltAHB3, malformed PLAIN response",
        "dGlt, malformed PLAIN response",
        "AHRpbQA=, empty password",
        "AABwdw==, empty user",
        "AHRpCm0AcHc=, control character in user",
        "=, malformed PLAIN response",
        "'', malformed PLAIN response",
    })
    void rejectsMalformedPlainResponses(String response, String reason) {
        assertThat(Sasl.decodePlain(response)).isEqualTo(new SaslResult.Invalid<>(reason));
    }

    @Test
    void keepsInvalidUtf8InTheUserAndPasswordAsTheClientsBytes() {
        byte[] first = {0, 'b', (byte) 0xFF, 0, 'p', (byte) 0xC3};
        byte[] second = {0, 'b', (byte) 0xFE, 0, 'p', (byte) 0xC3};

        SaslResult<Credentials.Plain> one = Sasl.decodePlain(Base64.getEncoder().encodeToString(first));
        SaslResult<Credentials.Plain> two = Sasl.decodePlain(Base64.getEncoder().encodeToString(second));

        Credentials.Plain plain = ((SaslResult.Decoded<Credentials.Plain>) one).value();
        assertThat(WireText.encode(plain.user())).containsExactly('b', 0xFF);
        assertThat(WireText.encode(plain.password())).containsExactly('p', 0xC3);
        assertThat(one).isNotEqualTo(two);
        assertThat(Sasl.decodeLoginUsername(Base64.getEncoder().encodeToString(new byte[] {(byte) 0xFF})))
                .isEqualTo(decoded(WireText.decode(new byte[] {(byte) 0xFF})));
    }

    @Test
    void cancelsOnAsterisk() {
        assertThat(Sasl.decodePlain("*")).isInstanceOf(SaslResult.Cancelled.class);
        assertThat(Sasl.decodeLoginUsername("*")).isInstanceOf(SaslResult.Cancelled.class);
        assertThat(Sasl.decodeLoginPassword("tim", "*")).isInstanceOf(SaslResult.Cancelled.class);
        assertThat(Sasl.decodeCramMd5("*", RFC2195_SALT)).isInstanceOf(SaslResult.Cancelled.class);
        assertThat(Sasl.decodeExternal("*")).isInstanceOf(SaslResult.Cancelled.class);
        assertThat(Sasl.isCancel("*")).isTrue();
        assertThat(Sasl.isCancel("Kg==")).isFalse();
    }

    @Test
    void decodesLoginUsernameAndPassword() {
        assertThat(Sasl.decodeLoginUsername("dGlt")).isEqualTo(decoded("tim"));
        assertThat(Sasl.decodeLoginPassword("tim", "dGFuc3RhYWY="))
                .isEqualTo(decoded(new Credentials.Plain("tim", "tanstaaf")));
        assertThat(Sasl.decodeLoginUsername("=")).isEqualTo(new SaslResult.Invalid<>("empty user"));
        assertThat(Sasl.decodeLoginPassword("tim", "")).isEqualTo(new SaslResult.Invalid<>("empty password"));
        assertThat(Sasl.decodeLoginPassword("tim", "%%%")).isEqualTo(new SaslResult.Invalid<>("invalid base64"));
    }

    @Test
    void decodesCramMd5Rfc2195Example() throws Exception {
        assertThat(Sasl.cramMd5Challenge(RFC2195_SALT))
                .isEqualTo("PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+");
        assertThat(Sasl.decodeCramMd5("dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw", RFC2195_SALT))
                .isEqualTo(decoded(new Credentials.CramMd5("tim", RFC2195_SALT, "b913a602c7eda7a495b4e6e7334d3890")));
        Mac mac = Mac.getInstance("HmacMD5");
        mac.init(new SecretKeySpec("tanstaaftanstaaf".getBytes(StandardCharsets.US_ASCII), "HmacMD5"));
        assertThat(HexFormat.of().formatHex(mac.doFinal(RFC2195_SALT.getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo("b913a602c7eda7a495b4e6e7334d3890");
    }

    @ParameterizedTest
    @CsvSource({
        "'tim', malformed CRAM-MD5 response",
        "'tim b913a602c7eda7a495b4e6e7334d389', invalid CRAM-MD5 digest",
        "'tim b913a602c7eda7a495b4e6e7334d3890a', invalid CRAM-MD5 digest",
        "'tim g913a602c7eda7a495b4e6e7334d3890', invalid CRAM-MD5 digest",
        "' b913a602c7eda7a495b4e6e7334d3890', empty user",
    })
    void rejectsMalformedCramMd5Responses(String decoded, String reason) {
        String response = Base64.getEncoder().encodeToString(decoded.getBytes(StandardCharsets.UTF_8));
        assertThat(Sasl.decodeCramMd5(response, RFC2195_SALT)).isEqualTo(new SaslResult.Invalid<>(reason));
    }

    @Test
    void decodesExternalWithEmptyInitialResponse() {
        assertThat(Sasl.decodeExternal("=")).isEqualTo(decoded(new Credentials.External("")));
        assertThat(Sasl.decodeExternal("")).isEqualTo(decoded(new Credentials.External("")));
        assertThat(Sasl.decodeExternal("dGlt")).isEqualTo(decoded(new Credentials.External("tim")));
        assertThat(Sasl.decodeExternal("dGlt!")).isEqualTo(new SaslResult.Invalid<>("invalid base64"));
    }

    @Test
    void offersNginxChallenges() {
        assertThat(new String(Base64.getDecoder().decode(Sasl.LOGIN_USERNAME_CHALLENGE), StandardCharsets.US_ASCII))
                .isEqualTo("Username:");
        assertThat(new String(Base64.getDecoder().decode(Sasl.LOGIN_PASSWORD_CHALLENGE), StandardCharsets.US_ASCII))
                .isEqualTo("Password:");
        assertThat(Sasl.PLAIN_CHALLENGE).isEmpty();
    }

    @Test
    void neverShowsPasswordsInResults() {
        SaslResult<Credentials.Plain> result = Sasl.decodePlain("AHRpbQB0YW5zdGFhZnRhbnN0YWFm");
        assertThat(result.toString()).doesNotContain("tanstaaf");
        assertThat(Sasl.decodeCramMd5("dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw", RFC2195_SALT).toString())
                .doesNotContain("b913a602");
    }

    private static <T> SaslResult<T> decoded(T value) {
        return new SaslResult.Decoded<>(value);
    }
}
