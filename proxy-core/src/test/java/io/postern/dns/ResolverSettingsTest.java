package io.postern.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** nginx's {@code resolver} arguments, as {@code ngx_resolver_create} reads them. */
class ResolverSettingsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static ResolverSettings parse(String... words) {
        return ResolverSettings.parse(List.of(words), TIMEOUT).orElseThrow();
    }

    @Test
    void offOrNothingMeansNoLookups() {
        assertThat(ResolverSettings.parse(List.of("off"), TIMEOUT)).isEmpty();
        assertThat(ResolverSettings.parse(List.of(), TIMEOUT)).isEmpty();
    }

    @Test
    void readsAddressesWithAndWithoutPortsAndNginxsParameters() {
        ResolverSettings s = parse("127.0.0.53 [::1]:5353", "192.0.2.1:53", "valid=30s", "ipv6=off",
                "status_zone=dns");

        assertThat(s.servers()).containsExactly(new InetSocketAddress("127.0.0.53", 53),
                new InetSocketAddress("::1", 5353), new InetSocketAddress("192.0.2.1", 53));
        assertThat(s.valid()).contains(Duration.ofSeconds(30));
        assertThat(s.ipv4()).isTrue();
        assertThat(s.ipv6()).isFalse();
        assertThat(s.timeout()).isEqualTo(TIMEOUT);
        assertThat(parse("[::1]").servers()).containsExactly(new InetSocketAddress("::1", 53));
        assertThat(parse("127.0.0.1").valid()).isEqualTo(Optional.empty());
    }

    @Test
    void refusesWhatNginxRefusesOrPosternCannotHonour() {
        assertThatThrownBy(() -> parse("dns.example")).hasMessage("\"dns.example\" (expected: a name server's IP "
                + "address with an optional port, such as 127.0.0.53 or [::1]:5353; host names are not resolved)");
        assertThatThrownBy(() -> parse("127.0.0.1:0")).hasMessage("\"127.0.0.1:0\" (expected: a port 1-65535 after the :)");
        assertThatThrownBy(() -> parse("127.0.0.1", "valid=soon"))
                .hasMessage("\"valid=soon\" (expected: valid= a duration > 0, such as 30s)");
        assertThatThrownBy(() -> parse("127.0.0.1", "ipv6=no")).hasMessage("\"ipv6=no\" (expected: ipv6=on or ipv6=off)");
        assertThatThrownBy(() -> parse("127.0.0.1", "ipv4=off", "ipv6=off"))
                .hasMessage("\"ipv4=off ipv6=off\" (expected: at most one of them off)");
        assertThatThrownBy(() -> parse("valid=30s")).hasMessageContaining("(expected: at least one name server");
        assertThatThrownBy(() -> parse("127.0.0.1", "off"))
                .hasMessage("\"off\" (expected: off alone, or name servers without off)");
    }
}
