package io.postern.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code set_real_ip_from} entries: addresses and CIDR networks, IPv4 and IPv6. */
class RealIpNetworkTest {

    @ParameterizedTest
    @CsvSource({
            "127.0.0.1, 127.0.0.1, true",
            "127.0.0.1, 127.0.0.2, false",
            "10.0.0.0/8, 10.255.1.2, true",
            "10.0.0.0/8, 11.0.0.1, false",
            "192.0.2.128/25, 192.0.2.200, true",
            "192.0.2.128/25, 192.0.2.100, false",
            "0.0.0.0/0, 203.0.113.9, true",
            "2001:db8::/32, 2001:db8:ffff::1, true",
            "2001:db8::/32, 2001:db9::1, false",
            "::1, ::1, true",
            "10.0.0.0/8, ::ffff:10.1.2.3, true",
            "10.0.0.0/8, 2001:db8::1, false",
            "2001:db8::/32, 10.0.0.1, false",
    })
    void matchesPeersInTheNetwork(String network, String peer, boolean expected) {
        assertThat(RealIpNetwork.parse(network).contains(new InetSocketAddress(peer, 1))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mail.example", "10.0.0.0/33", "2001:db8::/129", "10.0.0.0/", "10.0.0.0/x", "unix:"})
    void refusesWhatIsNotAnAddressOrNetwork(String value) {
        assertThatThrownBy(() -> RealIpNetwork.parse(value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(value).hasMessageContaining("expected");
    }
}
