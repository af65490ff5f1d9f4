package io.postern.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.sasl.SaslMechanism;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The answers built from {@code pop3_auth} and {@code pop3_capabilities} (nginx's merge step). */
class Pop3SettingsTest {

    private static Pop3Settings settings(List<String> auth, List<String> capabilities) {
        return Pop3Settings.of(new StubPop3Config(auth, capabilities, 4096));
    }

    @Test
    void plainEnablesUserPassAndSaslLoginToo() {
        Pop3Settings s = settings(List.of("plain"), List.of("TOP", "USER", "UIDL"));
        assertThat(s.mechanisms()).isEqualTo(Set.of(SaslMechanism.PLAIN, SaslMechanism.LOGIN));
        assertThat(s.userPass()).isTrue();
        assertThat(s.needsSalt()).isFalse();
        assertThat(s.capaLines()).containsExactly("TOP", "USER", "UIDL", "SASL PLAIN LOGIN");
    }

    @Test
    void listsMechanismsInNginxOrderWhateverTheConfiguredOrder() {
        Pop3Settings s = settings(List.of("external", "cram-md5", "apop", "plain"), List.of("TOP"));
        assertThat(s.mechanismNames()).containsExactly("PLAIN", "LOGIN", "CRAM-MD5", "EXTERNAL");
        assertThat(s.capaLines()).containsExactly("TOP", "SASL PLAIN LOGIN CRAM-MD5 EXTERNAL");
        assertThat(s.needsSalt()).isTrue();
        assertThat(s.apop()).isTrue();
    }

    @Test
    void dropsUserAndSaslWhenOnlyApopIsEnabled() {
        Pop3Settings s = settings(List.of("apop"), List.of("TOP", "user", "UIDL"));
        assertThat(s.userPass()).isFalse();
        assertThat(s.capaLines()).containsExactly("TOP", "UIDL");
        assertThat(s.mechanismNames()).isEmpty();
    }

    @Test
    void isReadOncePerServerConfiguration() {
        Pop3Protocol protocol = new Pop3Protocol();
        StubPop3Config first = new StubPop3Config(List.of("plain"), List.of("TOP"), 4096);
        Pop3Settings read = protocol.settings(first);
        assertThat(protocol.settings(first)).isSameAs(read);
        StubPop3Config reloaded = new StubPop3Config(List.of("apop"), List.of("TOP"), 4096);
        assertThat(protocol.settings(reloaded).apop()).isTrue();
    }
}
