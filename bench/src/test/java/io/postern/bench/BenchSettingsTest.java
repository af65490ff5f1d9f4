package io.postern.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BenchSettingsTest {

    @Test
    void eachNewScenarioIsSelectedByName() {
        BenchSettings settings = BenchSettings.parse(new String[] {"--scenarios=tls-login,tls-relay,pop3"});
        assertThat(settings.scenarios()).containsExactlyInAnyOrder("tls-login", "tls-relay", "pop3");
        assertThat(BenchSettings.ALL_SCENARIOS).contains("login", "relay", "idle", "latency", "smtp", "jmh");
        assertThat(BenchSettings.usage()).contains("tls-login", "tls-relay", "pop3", "--postern-config");
        assertThatThrownBy(() -> BenchSettings.parse(new String[] {"--scenarios=imaps"}))
                .hasMessageContaining("--scenarios: imaps");
    }

    @Test
    void thePop3AndTlsSizesHaveDefaultsAndQuickOnes() {
        BenchSettings full = BenchSettings.parse(new String[0]);
        assertThat(full.pop3Clients()).isEqualTo(20);
        assertThat(full.pop3Kilobytes()).isEqualTo(1000);
        assertThat(full.tlsRelaySessions()).isEqualTo(1);
        BenchSettings quick = BenchSettings.parse(new String[] {"--quick", "--pop3-kb=300", "--tls-relay-sessions=2"});
        assertThat(quick.pop3Clients()).isEqualTo(5);
        assertThat(quick.pop3Kilobytes()).isEqualTo(300);
        assertThat(quick.tlsRelaySessions()).isEqualTo(2);
    }

    @Test
    void posternConfigurationsKeepTheirHoconWholeAndAddUpPerName() {
        BenchSettings settings = BenchSettings.parse(new String[] {
                "--postern-variant=base@/tmp/base/postern:-Xmx1g",
                "--postern-config=postern-jdk:ssl_provider = jdk",
                "--postern-config=postern-jdk:timeout = \"30s\"",
                "--postern-config=base:ssl_provider = jdk"});
        assertThat(settings.posternVariants()).containsEntry("base@/tmp/base/postern", "-Xmx1g");
        assertThat(settings.posternConfigs()).containsOnlyKeys("postern-jdk", "base");
        assertThat(settings.posternConfigs().get("postern-jdk")).isEqualTo("ssl_provider = jdk\ntimeout = \"30s\"");
        assertThatThrownBy(() -> BenchSettings.parse(new String[] {"--postern-config=jdk"}))
                .hasMessageContaining("NAME:HOCON");
        assertThatThrownBy(() -> BenchSettings.parse(new String[] {"--postern-config=jdk:  "}))
                .hasMessageContaining("NAME:HOCON");
    }
}
