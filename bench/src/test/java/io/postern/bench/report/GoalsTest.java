package io.postern.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GoalsTest {

    private static void add(List<Sample> samples, String scenario, String variant, String metric, boolean higher,
                            double postern, double nginx) {
        samples.add(new Sample(scenario, variant, "postern", metric, higher, 1, postern));
        samples.add(new Sample(scenario, variant, "nginx", metric, higher, 1, nginx));
    }

    @Test
    void everyGoalOfIssue18IsARatioToNginxMetOrNot() {
        List<Sample> samples = new ArrayList<>();
        add(samples, Goals.LOGIN, "50 clients", "sessions/s", true, 700, 500);
        add(samples, Goals.LOGIN, "50 clients", "proxy CPU ms/session", false, 0.35, 0.5);
        add(samples, Goals.TLS_LOGIN, "50 clients, TLS", "sessions/s", true, 450, 500);
        add(samples, Goals.TLS_LOGIN, "50 clients, TLS", "proxy CPU ms/session", false, 1.5, 1.0);
        add(samples, Goals.TLS_LOGIN, "50 clients, TLS", "machine CPU ms/session", false, 4.4, 4.0);
        add(samples, Goals.TLS_RELAY, "1 session, TLS", "MB/s", true, 300, 200);
        add(samples, Goals.POP3, "20 clients, 1000 KB message", "sessions/s", true, 100, 100);
        add(samples, Goals.SMTP, "20 clients, 100 KB messages", "messages/s", true, 99, 100);
        add(samples, Goals.RELAY, "1 session, 20 MB message", "MB/s", true, 600, 300);
        add(samples, Goals.LATENCY, "1 session", "NOOP p99 µs", false, 250, 260);
        add(samples, Goals.IDLE, "2,000 sessions in IDLE", "proxy RSS MiB, sessions idling", false, 100, 31);

        String md = Goals.markdown(Summary.rows(samples), "postern", "postern-filtered");

        assertThat(md).contains("| login sessions/s ≥ 1.3× nginx's (50 clients) | 1.40× (700 vs 500 sessions/s);"
                        + " proxy CPU ms/session 0.70× nginx's | yes |")
                .contains("| proxy CPU per login session ≤ 0.8× nginx's (50 clients) | 0.70× (0.35 vs 0.50 proxy CPU ms/session) | yes |")
                .contains("| implicit-TLS login sessions/s ≥ nginx's (50 clients, TLS) | 0.90× (450 vs 500 sessions/s);"
                        + " proxy CPU ms/session 1.50× nginx's; machine CPU ms/session 1.10× nginx's | no, 1.00× asked |")
                .contains("| TLS relay MB/s ≥ 1.2× nginx's (1 session, TLS) | 1.50×")
                .contains("| POP3 sessions/s ≥ nginx's (20 clients, 1000 KB message) | 1.00×")
                .contains("| SMTP messages/s ≥ nginx's (20 clients, 100 KB messages) | 0.99×")
                .contains("| FETCH MB/s ≥ 1.5× nginx's (1 session, 20 MB message) | 2.00×")
                .contains("| NOOP p99 ≤ nginx's (1 session) | 0.96×")
                .contains("| RSS with the sessions idle ≤ 3× nginx's (2,000 sessions in IDLE) | 3.23× (100 vs 31.0 proxy RSS MiB,"
                        + " sessions idling) | no, 3.00× asked |")
                .contains("| memory per idle session ≤ nginx's | not measured in this run | – |")
                .contains("| filtered relay ≥ 50% of raw | not measured in this run | – |");
        assertThat(md.lines().filter(l -> l.endsWith("| yes |"))).hasSize(6);
    }

    @Test
    void aVariantsTableLeavesTheFilteredRelayOut() {
        List<Sample> samples = new ArrayList<>();
        samples.add(new Sample(Goals.RELAY, "1 session", "postern-jdk", "MB/s", true, 1, 600));
        samples.add(new Sample(Goals.RELAY, "1 session", "nginx", "MB/s", true, 1, 300));
        samples.add(new Sample(Goals.RELAY, "1 session", "postern-filtered", "MB/s", true, 1, 400));

        String md = Goals.markdown(Summary.rows(samples), "postern-jdk", null);

        assertThat(md).contains("measured (postern-jdk ÷ nginx)").contains("| FETCH MB/s ≥ 1.5× nginx's (1 session) | 2.00×")
                .doesNotContain("filtered");
    }

    @Test
    void aFilteredRelayIsComparedWithTheRawOneOfItsOwnScenario() {
        List<Sample> samples = new ArrayList<>();
        samples.add(new Sample(Goals.TLS_RELAY, "1 session", "postern", "MB/s", true, 1, 600));
        samples.add(new Sample(Goals.TLS_RELAY, "1 session", "postern-filtered", "MB/s", true, 1, 240));

        assertThat(Goals.markdown(Summary.rows(samples), "postern", "postern-filtered"))
                .contains("| filtered relay ≥ 50% of raw (TLS relay throughput, 1 session) | 40% | no |");
    }
}
