package io.postern.auth.http;

import io.postern.auth.testkit.FakeServerConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AuthHttpSettingsTest {

    @ParameterizedTest
    @CsvSource({
        "127.0.0.1:9000/mail/auth, false, 127.0.0.1, 9000, /mail/auth, 127.0.0.1",
        "http://auth.example:8080/a?b=c, false, auth.example, 8080, /a?b=c, auth.example",
        "auth.example, false, auth.example, 80, /, auth.example",
        "https://auth.example/mail, true, auth.example, 443, /mail, auth.example",
        "'http://[::1]:81/x', false, ::1, 81, /x, [::1]",
    })
    void parsesNginxUrlForms(String value, boolean tls, String host, int port, String uri, String hostHeader) {
        assertThat(AuthHttpUrl.parse(value)).isEqualTo(new AuthHttpUrl(tls, host, port, uri, hostHeader));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "http://", "unix:/tmp/auth.sock", "ftp://host/", "host:0/", "host:99999",
        "host:abc", "ho st/", "host/a b", "[::1/x", "http://host:80:81/"})
    void refusesBadUrlsNamingTheDirectiveAndValue(String value) {
        assertThatThrownBy(() -> AuthHttpUrl.parse(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("auth_http: \"" + value + "\" (");
    }

    @Test
    void readsDefaultsAndKeepsHeadersInTheOrderWritten() {
        AuthHttpSettings settings = AuthHttpSettings.from(FakeServerConfig.of("""
                auth_http = ["127.0.0.1:9000/a", "https://auth.example/b"]
                auth_http_header {
                  Zz-First = 1
                  Aa-Second = "two"
                  Mm-Third = three
                }
                """));
        assertThat(settings.urls()).extracting(AuthHttpUrl::toString)
                .containsExactly("http://127.0.0.1:9000/a", "https://auth.example:443/b");
        assertThat(settings.headers()).extracting(AuthHttpSettings.Header::name)
                .containsExactly("Zz-First", "Aa-Second", "Mm-Third");
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.keepalive()).isZero(); // nginx: HTTP/1.0, a connection per request
        assertThat(settings.maxResponse()).isEqualTo(8192);
        assertThat(settings.extraHeaders()).isFalse();
        assertThat(settings.passClientCert()).isFalse();
    }

    @Test
    void aBadUrlInTheConfigIsAnErrorNamingIt() {
        assertThatThrownBy(() -> AuthHttpSettings.from(FakeServerConfig.of("auth_http = \"unix:/x\"")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("auth_http: \"unix:/x\"");
    }

    @Test
    void outOfRangeNumbersAreErrors() {
        assertThatThrownBy(() -> AuthHttpSettings.from(FakeServerConfig.of(
                "auth_http = \"h/\"\nauth_http_keepalive = -1")))
                .hasMessageStartingWith("auth_http_keepalive: -1 (expected: 0-1024)");
        assertThatThrownBy(() -> AuthHttpSettings.from(FakeServerConfig.of(
                "auth_http = \"h/\"\nauth_http_header { \"Bad Name\" = x }")))
                .hasMessageStartingWith("auth_http_header: Bad Name = \"x\"");
    }
}
