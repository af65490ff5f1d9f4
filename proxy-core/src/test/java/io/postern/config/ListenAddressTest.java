package io.postern.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ListenAddressTest {

    @Test
    void parsesAPortAloneAsEveryAddress() {
        ListenAddress a = ListenAddress.parse("143");
        assertThat(a.host()).isNull();
        assertThat(a.port()).isEqualTo(143);
        assertThat(a.isWildcard()).isTrue();
        assertThat(a.backlog()).isEqualTo(511);
        assertThat(a.socketAddress()).isEqualTo(new InetSocketAddress(143));
    }

    @Test
    void parsesStarAndIpv4() {
        assertThat(ListenAddress.parse("*:143").isWildcard()).isTrue();
        ListenAddress a = ListenAddress.parse("127.0.0.1:143");
        assertThat(a.host()).isEqualTo("127.0.0.1");
        assertThat(a.socketAddress()).isEqualTo(new InetSocketAddress("127.0.0.1", 143));
        assertThat(a.ssl()).isFalse();
    }

    @Test
    void parsesIpv6WithParameters() {
        ListenAddress a = ListenAddress.parse("[::1]:993 ssl");
        assertThat(a.host()).isEqualTo("::1");
        assertThat(a.port()).isEqualTo(993);
        assertThat(a.ssl()).isTrue();
        assertThat(a.addressText()).isEqualTo("[::1]:993");
        assertThat(ListenAddress.parse("[::]:143 ipv6only=on").ipv6only()).contains(true);
    }

    @Test
    void parsesEveryParameter() {
        ListenAddress a = ListenAddress.parse("0.0.0.0:110 proxy_protocol backlog=1024 rcvbuf=64k sndbuf=128k so_keepalive=on bind");
        assertThat(a.proxyProtocol()).isTrue();
        assertThat(a.backlog()).isEqualTo(1024);
        assertThat(a.rcvbuf()).isEqualTo(OptionalInt.of(65536));
        assertThat(a.sndbuf()).isEqualTo(OptionalInt.of(131072));
        assertThat(a.soKeepalive()).isTrue();
        assertThat(a.ipv6only()).isEqualTo(Optional.empty());
    }

    @Test
    void readsNginxsKeepaliveTimers() {
        TcpKeepalive k = ListenAddress.parse("127.0.0.1:143 so_keepalive=30m::10").keepalive();
        assertThat(k.soKeepalive()).isTrue();
        assertThat(k.idle()).contains(java.time.Duration.ofMinutes(30));
        assertThat(k.interval()).isEmpty();
        assertThat(k.count()).isEqualTo(OptionalInt.of(10));
        assertThat(ListenAddress.parse("143 so_keepalive=:75").keepalive().interval())
                .contains(java.time.Duration.ofSeconds(75));
        assertThat(ListenAddress.parse("143 so_keepalive=0::4").keepalive().idle()).isEmpty();
        assertThat(ListenAddress.parse("143 so_keepalive=off").keepalive().explicitlyOff()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"::", "0:0:0", "x::", "1:2:3:4", "::-1", "", "500ms::", ":1000ms:"})
    void refusesKeepaliveValuesNginxRefuses(String value) {
        assertThatThrownBy(() -> ListenAddress.parse("143 so_keepalive=" + value))
                .hasMessageContaining("invalid so_keepalive value: \"" + value + "\"");
    }

    @Test
    void printsAFormThatParsesBack() {
        for (String s : new String[] {"143", "*:143", "[::1]:993 ssl", "0.0.0.0:110 proxy_protocol backlog=1024 rcvbuf=64k so_keepalive=on ipv6only=off",
                "143 so_keepalive=30m::10", "143 so_keepalive=off"}) {
            ListenAddress a = ListenAddress.parse(s);
            assertThat(ListenAddress.parse(a.toString())).isEqualTo(a);
        }
        assertThat(ListenAddress.parse("127.0.0.1:993  ssl").toString()).isEqualTo("127.0.0.1:993 ssl");
    }

    @Test
    void refusesUnixSockets() {
        assertThatThrownBy(() -> ListenAddress.parse("unix:/run/postern.sock"))
                .hasMessage("\"unix:/run/postern.sock\" (unix sockets are not supported)");
    }

    @Test
    void namesAnUnknownParameter() {
        assertThatThrownBy(() -> ListenAddress.parse("127.0.0.1:143 multipath"))
                .hasMessage("\"127.0.0.1:143 multipath\" (unknown parameter \"multipath\")");
    }

    @Test
    void acceptsPortZeroForAPortChosenBySystem() {
        assertThat(ListenAddress.parse("127.0.0.1:0").socketAddress().getPort()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "x", "127.0.0.1", "127.0.0.1:-1", "127.0.0.1:65536", "::1:143", "[::1]", "[::1]143",
        "1:143 backlog=", "143 backlog=-1", "143 rcvbuf=big", "143 so_keepalive=yes", "143 ssl=on"})
    void rejectsMalformedListens(String written) {
        assertThatThrownBy(() -> ListenAddress.parse(written)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(NginxValues.quote(written) + " (");
    }
}
