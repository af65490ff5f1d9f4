package io.postern.spi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CredentialsTest {

    private static final String USER = WireText.decode(new byte[] {'a', '\r', '\n', 0x1b, (byte) 0xFF});

    @Test
    void printsTheUserEscapedAndNeverTheSecret() {
        assertThat(new Credentials.Plain(USER, "hunter2").toString())
                .isEqualTo("Plain[user=a\\x0D\\x0A\\x1B\\xFF, password=<redacted>]");
        assertThat(new Credentials.CramMd5(USER, "<1.2@x>", "0".repeat(32)).toString())
                .isEqualTo("CramMd5[user=a\\x0D\\x0A\\x1B\\xFF, salt=<1.2@x>, digest=<redacted>]");
        assertThat(new Credentials.Apop(USER, "<1.2@x>", "0".repeat(32)).toString())
                .isEqualTo("Apop[user=a\\x0D\\x0A\\x1B\\xFF, salt=<1.2@x>, digest=<redacted>]");
        assertThat(new Credentials.External(USER).toString()).isEqualTo("External[user=a\\x0D\\x0A\\x1B\\xFF]");
    }
}
