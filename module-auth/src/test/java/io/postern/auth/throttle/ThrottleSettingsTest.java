package io.postern.auth.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postern.auth.testkit.FakeServerConfig;
import io.postern.auth.testkit.FakeModuleContext;
import io.postern.spi.InvalidDirectiveException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ThrottleSettingsTest {

    @Test
    void defaultsAreOnWithDovecotLikeDelaysAndLoginsCountedPerNetwork() {
        ThrottleSettings settings = ThrottleSettings.read(FakeServerConfig.of("imap", ""));

        assertThat(settings).isEqualTo(new ThrottleSettings(true, Duration.ofMinutes(10), 3, Duration.ofSeconds(15),
                20, Duration.ofMinutes(15), java.util.List.of(), 100_000, 24, 64, false));
    }

    @Test
    void refusesUnusableValuesNamingTheDirective() {
        assertThatThrownBy(() -> ThrottleSettings.read(FakeServerConfig.of("imap", "auth_throttle_window = 0s")))
                .isInstanceOfSatisfying(InvalidDirectiveException.class, e -> assertThat(e.origin())
                        .isEqualTo("test.conf:1")).hasMessage("auth_throttle_window: 0ms (expected: > 0)");
        assertThatThrownBy(() -> ThrottleSettings.read(FakeServerConfig.of("imap", "auth_throttle_lockout_after = 0")))
                .isInstanceOfSatisfying(InvalidDirectiveException.class, e -> assertThat(e.origin())
                        .isEqualTo("test.conf:1")).hasMessage("auth_throttle_lockout_after: 0 (expected: >= 1)");
        assertThatThrownBy(() -> ThrottleSettings.read(FakeServerConfig.of("imap",
                "auth_throttle_whitelist = [localhost]")))
                .isInstanceOfSatisfying(InvalidDirectiveException.class, e -> assertThat(e.origin())
                        .isEqualTo("test.conf:1")).hasMessageStartingWith("auth_throttle_whitelist: \"localhost\" (expected: an IP network");
        assertThatThrownBy(() -> ThrottleSettings.read(FakeServerConfig.of("imap",
                "auth_throttle_whitelist = [\"10.0.0.0/33\"]")))
                .hasMessageContaining("(expected: a prefix length 0-32)");
        assertThatThrownBy(() -> ThrottleSettings.read(FakeServerConfig.of("imap",
                "auth_throttle_login_network_ipv4 = 33")))
                .isInstanceOfSatisfying(InvalidDirectiveException.class, e -> assertThat(e.origin())
                        .isEqualTo("test.conf:1")).hasMessage("auth_throttle_login_network_ipv4: 33 (expected: a prefix length 0-32)");
        assertThatThrownBy(() -> ThrottleSettings.read(FakeServerConfig.of("imap",
                "auth_throttle_login_network_ipv6 = -1")))
                .isInstanceOfSatisfying(InvalidDirectiveException.class, e -> assertThat(e.origin())
                        .isEqualTo("test.conf:1")).hasMessage("auth_throttle_login_network_ipv6: -1 (expected: a prefix length 0-128)");
    }

    @Test
    void matchesNetworks() throws Exception {
        Cidr network = Cidr.parse("10.1.128.0/17");

        assertThat(network.contains(InetAddress.getByName("10.1.255.1"))).isTrue();
        assertThat(network.contains(InetAddress.getByName("10.1.127.1"))).isFalse();
        assertThat(network.contains(InetAddress.getByName("::1"))).isFalse();
        assertThat(Cidr.parse("::1").contains(InetAddress.getByName("0:0:0:0:0:0:0:1"))).isTrue();
        assertThat(Cidr.parse("0.0.0.0/0").contains(InetAddress.getByName("203.0.113.9"))).isTrue();
    }

    @Test
    void masksAnAddressToItsNetwork() throws Exception {
        assertThat(Cidr.of(InetAddress.getByName("192.0.2.77"), 24)).hasToString("192.0.2.0/24");
        assertThat(Cidr.of(InetAddress.getByName("10.1.255.1"), 17)).hasToString("10.1.128.0/17");
        assertThat(Cidr.of(InetAddress.getByName("2001:db8:1:2:3:4:5:6"), 64)).hasToString("2001:db8:1:2:0:0:0:0/64");
        assertThat(Cidr.of(InetAddress.getByName("203.0.113.9"), 0)).hasToString("0.0.0.0/0");
    }

    @Test
    void registersNothingUnlessAServerLeavesItOn() {
        FakeModuleContext off = new FakeModuleContext(Path.of("."), FakeServerConfig.of("imap", "auth_throttle = off"));
        new ThrottleFeature().configure(off);
        assertThat(off.authenticators).isEmpty();

        FakeModuleContext on = new FakeModuleContext(Path.of("."), FakeServerConfig.of("imap", "auth_throttle = off"),
                FakeServerConfig.of("pop3", ""));
        new ThrottleFeature().configure(on);
        assertThat(on.authenticators).containsOnlyKeys("throttle");
        assertThat(on.listeners).containsOnlyKeys("throttle");
    }
}
