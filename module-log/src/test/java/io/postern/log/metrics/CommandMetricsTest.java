package io.postern.log.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.log.audit.CommandCounter;
import io.postern.spi.Protocol;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CommandMetricsTest {

    /** {@code server/protocol/verb} → count, from the registry as Prometheus would read it. */
    private static Map<String, Double> commands(MailMetrics metrics) {
        Map<String, Double> counts = new TreeMap<>();
        for (MetricSnapshot snapshot : metrics.registry().scrape(name -> name.startsWith("postern_commands"))) {
            for (CounterSnapshot.CounterDataPointSnapshot point : ((CounterSnapshot) snapshot).getDataPoints()) {
                counts.put(point.getLabels().get("server") + "/" + point.getLabels().get("protocol") + "/"
                        + point.getLabels().get("verb"), point.getValue());
            }
        }
        return counts;
    }

    @Test
    void countsCommandsUnderABoundedSetOfVerbLabels() {
        MailMetrics metrics = new MailMetrics(() -> 0, () -> 0, () -> new io.postern.spi.BufferPoolUsage(0, 0));
        CommandCounter imap = metrics.commands("imap", Protocol.IMAP);
        imap.count("FETCH");
        imap.count("UID FETCH");
        imap.count("UID FETCH");
        for (int i = 0; i < 1000; i++) {
            // What a client makes up never becomes a label of its own.
            imap.count("X-MADE-UP-" + i);
        }
        CommandCounter smtp = metrics.commands("submission", Protocol.SMTP);
        smtp.count("DATA");
        smtp.count("FETCH");
        smtp.count("");
        assertThat(commands(metrics)).containsExactly(
                Map.entry("imap/imap/FETCH", 1.0),
                Map.entry("imap/imap/UID FETCH", 2.0),
                Map.entry("imap/imap/other", 1000.0),
                Map.entry("submission/smtp/DATA", 1.0),
                Map.entry("submission/smtp/other", 2.0));
    }
}
