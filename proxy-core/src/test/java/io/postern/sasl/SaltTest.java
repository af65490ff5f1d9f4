package io.postern.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SaltTest {

    @Test
    void generatesNginxForm() {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);
        String salt = Salt.generate("mail.example.org", new Random(7), clock);
        assertThat(salt).matches("<\\d+\\.1700000000@mail\\.example\\.org>");
        assertThat(Salt.generate("mail.example.org", new Random(7), clock)).isEqualTo(salt);
    }

    @Test
    void differsBetweenCalls() {
        SecureRandom random = new SecureRandom();
        assertThat(Salt.generate("mx", random)).matches("<\\d+\\.\\d+@mx>")
                .isNotEqualTo(Salt.generate("mx", random));
    }

    @Test
    void rejectsServerNamesThatWouldBreakTheSalt() {
        assertThatThrownBy(() -> Salt.generate("a b", new Random()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("serverName: \"a?b\" (expected: printable ASCII without spaces, '<' or '>')");
        assertThatThrownBy(() -> Salt.generate("", new Random())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Salt.generate("x>", new Random())).isInstanceOf(IllegalArgumentException.class);
    }
}
