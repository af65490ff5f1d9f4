package io.postern.testing.upstreams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** The rule that decides between skipping and failing when real servers are missing. */
class RealServersTest {

    @Test
    void aMissingServerFailsWhereRequiredAndSkipsWithTheMessageElsewhere() {
        String before = System.getProperty(RealServers.REQUIRE_PROPERTY);
        try {
            System.setProperty(RealServers.REQUIRE_PROPERTY, "true");
            assertThat(RealServers.required()).isTrue();
            assertThatThrownBy(() -> RealServers.unavailable("install dovecot"))
                    .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("install dovecot");
            if (System.getenv("CI") == null) {
                System.setProperty(RealServers.REQUIRE_PROPERTY, "false");
                assertThat(RealServers.required()).isFalse();
                assertThatThrownBy(() -> RealServers.unavailable("install dovecot"))
                        .isInstanceOf(TestAbortedException.class).hasMessage("install dovecot");
            }
        } finally {
            if (before == null) {
                System.clearProperty(RealServers.REQUIRE_PROPERTY);
            } else {
                System.setProperty(RealServers.REQUIRE_PROPERTY, before);
            }
        }
    }

    @Test
    void aPlaceholderWithoutAValueIsRefusedBeforeAnyServerSeesIt() {
        assertThatThrownBy(() -> Template.render("postfix-master.cf", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("@SMTPD_ADDRESS@");
    }

    @Test
    void dovecotHasTlsOffAndItsTlsListenersClosedUnlessAsked() {
        DovecotConfig.Ports ports = new DovecotConfig.Ports(1143, 1110, 1993, 1995);
        String plain = new DovecotConfig("/d", "127.0.0.1", "127.0.0.0/8", 65534, 65534, ports, false,
                RealServers.USERS).files().get(DovecotConfig.CONF);
        assertThat(plain).contains("ssl = no", "port = 1143", "port = 1110").doesNotContain("1993", "1995").doesNotContainPattern("@[A-Z0-9_]+@");
        String tls = new DovecotConfig("/d", "127.0.0.1", "127.0.0.0/8", 65534, 65534, ports, true,
                RealServers.USERS).files().get(DovecotConfig.CONF);
        assertThat(tls).contains("ssl = yes", "ssl_cert = </d/etc/tls/cert.pem", "port = 1993", "port = 1995");
    }

    @Test
    void dovecotKeepsItsOwnSessionLimitsUnlessAskedToRaiseThem() {
        DovecotConfig.Ports ports = new DovecotConfig.Ports(1143, 1110, 1993, 1995);
        String defaults = new DovecotConfig("/d", "127.0.0.1", "127.0.0.0/8", 65534, 65534, ports, false,
                RealServers.USERS).files().get(DovecotConfig.CONF);
        assertThat(defaults).doesNotContain("mail_max_userip_connections", "client_limit = 500");
        String raised = new DovecotConfig("/d", "127.0.0.1", "127.0.0.0/8", 65534, 65534, ports, false,
                RealServers.USERS, DovecotLimits.forSessions(10_000)).files().get(DovecotConfig.CONF);
        assertThat(raised).contains("mail_max_userip_connections = 10100", "client_limit = 500", "process_limit = 36",
                "mailbox_idle_check_interval = 1 secs");
    }
}
