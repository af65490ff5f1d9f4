package io.postern.auth.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OAuthErrorTest {

    @Test
    void writesRfc7628sErrorWithOnlyTheMembersItHas() {
        assertThat(new OAuthError("invalid_token", Optional.of("mail"), Optional.of("https://idp/.well-known/x")).json())
                .isEqualTo("{\"status\":\"invalid_token\",\"scope\":\"mail\",\"openid-configuration\":\"https://idp/.well-known/x\"}");
        assertThat(new OAuthError("invalid_token", Optional.empty(), Optional.empty()).json())
                .isEqualTo("{\"status\":\"invalid_token\"}");
    }

    @Test
    void escapesQuotesAndControlCharactersAndEncodesTheChallengeInBase64() {
        OAuthError error = new OAuthError("insufficient_scope", Optional.of("a\"b\\c\n"), Optional.empty());
        assertThat(error.json()).isEqualTo("{\"status\":\"insufficient_scope\",\"scope\":\"a\\\"b\\\\c\\u000a\"}");
        assertThat(new String(Base64.getDecoder().decode(error.challenge()), StandardCharsets.UTF_8))
                .isEqualTo(error.json());
    }
}
