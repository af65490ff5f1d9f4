package io.postern.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.postern.limits.AccessRule;
import io.postern.limits.ConnectionRate;
import io.postern.limits.LimitSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The access rules and connection limits as configured: defaults, inheritance, and every bad value with file and line. */
class LimitsConfigTest {

    @TempDir
    Path dir;

    ConfigFixture fixture;
    String file;

    @BeforeEach
    void setUp() {
        fixture = new ConfigFixture(dir);
        file = fixture.path("postern.conf");
    }

    private String errorsOf(String text) {
        return assertThrows(ConfigException.class, () -> fixture.load(text)).getMessage();
    }

    @Test
    void defaultsLetNormalClientsInAndExemptLoopback() throws Exception {
        PosternConfig config = fixture.load("mail.servers.imap.listen = 143\n");
        LimitSettings limits = config.servers().get(0).limits();

        assertThat(limits.access().rules()).isEmpty();
        assertThat(limits.perIp()).isEqualTo(500);
        assertThat(limits.rate()).isEqualTo(new ConnectionRate(10, "10r/s"));
        assertThat(limits.rateBurst()).isEqualTo(100);
        assertThat(limits.perUserIp()).isEqualTo(20);
        assertThat(limits.perUser()).isEqualTo(100);
        assertThat(limits.exempt()).containsExactly(RealIpNetwork.parse("127.0.0.0/8"), RealIpNetwork.parse("::1"));
        assertThat(config.process().limitConnTotal()).isZero();
    }

    @Test
    void serversInheritTheMailLevelAndMayOverrideIt() throws Exception {
        PosternConfig config = fixture.load("""
                limit_conn_total = 2000
                mail {
                  access = ["allow 192.168.0.0/16", "deny all"]
                  limit_conn_per_ip = 10
                  limit_conn_rate = 300r/m
                  servers {
                    a { listen = 143 }
                    b { listen = 110, limit_conn_per_ip = 0, limit_conn_rate = off, access = [] }
                  }
                }
                """);
        LimitSettings a = config.servers().get(0).limits();
        LimitSettings b = config.servers().get(1).limits();

        assertThat(a.access().rules()).containsExactly(
                new AccessRule(true, Optional.of(RealIpNetwork.parse("192.168.0.0/16")), "allow 192.168.0.0/16"),
                new AccessRule(false, Optional.empty(), "deny all"));
        assertThat(a.perIp()).isEqualTo(10);
        assertThat(a.rate().perSecond()).isEqualTo(5.0);
        assertThat(b.access().rules()).isEmpty();
        assertThat(b.perIp()).isZero();
        assertThat(b.rate().on()).isFalse();
        assertThat(config.process().limitConnTotal()).isEqualTo(2000);
    }

    @Test
    void reportsBadAccessRulesWithFileAndLine() {
        assertThat(errorsOf("mail {\n  servers.imap.listen = 143\n  access = [\"allow 10.0.0.0/8\", \"permit all\"]\n}\n"))
                .isEqualTo(file + ":3: mail.access: \"permit all\" (expected: \"allow\" or \"deny\", then an address, "
                        + "a network such as 192.0.2.0/24, or all)");
        assertThat(errorsOf("mail {\n  servers.imap.listen = 143\n  access = [\"deny example.com\"]\n}\n"))
                .isEqualTo(file + ":3: mail.access: \"deny example.com\": \"example.com\" (expected: an IPv4 or "
                        + "IPv6 address, or a network such as 192.0.2.0/24)");
        assertThat(errorsOf("mail {\n  servers.imap.listen = 143\n  access = [\"deny 10.0.0.0/33\"]\n}\n"))
                .isEqualTo(file + ":3: mail.access: \"deny 10.0.0.0/33\": \"10.0.0.0/33\" (expected: a prefix length "
                        + "0-32 after the /)");
    }

    @Test
    void reportsBadLimitsWithFileAndLine() {
        assertThat(errorsOf("""
                mail {
                  servers.imap.listen = 143
                  limit_conn_per_ip = -1
                  limit_conn_rate = 10/s
                  limit_conn_rate_burst = 0
                  limit_conn_per_user = many
                  limit_conn_per_userip = -5
                  limit_conn_exempt = [webmail.example]
                }
                """)).isEqualTo(String.join("\n",
                file + ":3: mail.limit_conn_per_ip: -1 (expected: >= 0, 0 for no limit)",
                file + ":4: mail.limit_conn_rate: \"10/s\" (expected: off, or connections per second or per minute "
                        + "such as 10r/s or 300r/m)",
                file + ":5: mail.limit_conn_rate_burst: 0 (expected: >= 1)",
                file + ":6: mail.limit_conn_per_user: \"many\" (expected: a whole number)",
                file + ":7: mail.limit_conn_per_userip: -5 (expected: >= 0, 0 for no limit)",
                file + ":8: mail.limit_conn_exempt: \"webmail.example\" (expected: an IPv4 or IPv6 address, or a "
                        + "network such as 192.0.2.0/24)"));
    }

    @Test
    void reportsABadProcessWideLimit() {
        assertThat(errorsOf("limit_conn_total = 0\nmail.servers.imap.listen = 143\n"))
                .isEqualTo(file + ":1: limit_conn_total: 0 (expected: auto or a whole number >= 1)");
        assertThat(errorsOf("limit_conn_total = lots\nmail.servers.imap.listen = 143\n"))
                .isEqualTo(file + ":1: limit_conn_total: \"lots\" (expected: auto or a whole number >= 1)");
    }

    @Test
    void rendersTheProcessWideLimit() throws Exception {
        assertThat(fixture.load("limit_conn_total = 300\nmail.servers.imap.listen = 143\n").render())
                .contains("limit_conn_total = 300\n");
        assertThat(fixture.load("mail.servers.imap.listen = 143\n").render())
                .contains("limit_conn_total = auto\n");
    }

    @Test
    void parsesRates() {
        assertThat(ConnectionRate.parse("600r/m").perSecond()).isEqualTo(10.0);
        assertThat(ConnectionRate.parse("off")).isEqualTo(ConnectionRate.OFF);
        assertThat(List.of("0r/s", "r/s", "1r/h", "-1r/s", "10")).allSatisfy(bad ->
                assertThrows(IllegalArgumentException.class, () -> ConnectionRate.parse(bad)));
    }
}
