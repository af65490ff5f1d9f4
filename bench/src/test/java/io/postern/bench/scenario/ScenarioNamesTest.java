package io.postern.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.bench.report.Goals;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The report's goals ({@link Goals}) find each scenario's rows by its name. */
class ScenarioNamesTest {

    private static final Duration S = Duration.ofSeconds(1);

    @Test
    void theNewScenariosAreSectionsOfTheirOwnWithTheTlsSettingsInTheirVariant() {
        assertThat(new LoginRate(null, 50, S, S, null).name()).isEqualTo(Goals.LOGIN);
        assertThat(new LoginRate(null, 50, S, S, null, true).name()).isEqualTo(Goals.TLS_LOGIN);
        assertThat(new LoginRate(null, 50, S, S, null, true).variant())
                .isEqualTo("50 clients, TLS 1.3 AES-128-GCM X25519 ECDSA P-256");
        assertThat(new RelayThroughput(null, 1, 20_000_000, S, S, null).name()).isEqualTo(Goals.RELAY);
        assertThat(new RelayThroughput(null, 1, 20_000_000, S, S, null, true).name()).isEqualTo(Goals.TLS_RELAY);
        assertThat(new Pop3Retrieval(null, 20, 1_000_000, S, S, null).name()).isEqualTo(Goals.POP3);
        assertThat(new Pop3Retrieval(null, 20, 1_000_000, S, S, null).variant()).isEqualTo("20 clients, 1000 KB message");
        assertThat(new SmtpSubmission(null, 20, 100_000, S, S, null).name()).isEqualTo(Goals.SMTP);
        assertThat(new CommandLatency(null, 1, S, S, null).name()).isEqualTo(Goals.LATENCY);
        assertThat(new IdleSessions(null, 1, null, null).name()).isEqualTo(Goals.IDLE);
    }

    @Test
    void onlyTheOldScenariosRunThroughTheFilteredTarget() {
        assertThat(new LoginRate(null, 50, S, S, null).throughFilteredTargets()).isTrue();
        assertThat(new RelayThroughput(null, 1, 20_000_000, S, S, null).throughFilteredTargets()).isTrue();
        assertThat(new LoginRate(null, 50, S, S, null, true).throughFilteredTargets()).isFalse();
        assertThat(new RelayThroughput(null, 1, 20_000_000, S, S, null, true).throughFilteredTargets()).isFalse();
        assertThat(new Pop3Retrieval(null, 20, 1_000_000, S, S, null).throughFilteredTargets()).isFalse();
    }
}
