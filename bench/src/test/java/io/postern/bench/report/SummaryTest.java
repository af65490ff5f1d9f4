package io.postern.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTest {

    private static Sample rate(String target, int repetition, double value) {
        return new Sample("login", "50 clients", target, "sessions/s", true, repetition, value);
    }

    @Test
    void eachFigureIsTheMedianOfItsRepetitionsComparedWithNginxAndDirect() {
        List<Sample> samples = List.of(
                rate("direct", 1, 1000), rate("postern", 1, 800), rate("nginx", 1, 400),
                rate("direct", 2, 1200), rate("postern", 2, 900), rate("nginx", 2, 500),
                rate("direct", 3, 1100), rate("postern", 3, 700), rate("nginx", 3, 600));

        List<Row> rows = Summary.rows(samples);

        assertThat(rows).extracting(Row::target).containsExactly("direct", "postern", "nginx");
        Row postern = rows.get(1);
        assertThat(postern.median()).isEqualTo(800);
        assertThat(postern.repetitions()).isEqualTo(3);
        assertThat(postern.spread()).isCloseTo(100.0 / 800, within(1e-12));
        assertThat(postern.vsNginx()).isCloseTo(800.0 / 500, within(1e-12));
        assertThat(postern.vsDirect()).isCloseTo(800.0 / 1100, within(1e-12));
        assertThat(rows.get(2).vsNginx()).isNaN();
        assertThat(rows.get(0).vsDirect()).isNaN();
    }

    @Test
    void aFigureNginxDidNotMeasureHasNoRatioToIt() {
        List<Row> rows = Summary.rows(List.of(
                new Sample("relay", "1 session", "postern", "proxy CPU s/GB", false, 1, 2.0),
                new Sample("relay", "1 session", "direct", "MB/s", true, 1, 900)));
        assertThat(rows.get(0).vsNginx()).isNaN();
        assertThat(rows.get(0).vsDirect()).isNaN();
    }

    @Test
    void addedLatencyIsTakenFromDirectOfTheSameRepetition() {
        List<Sample> samples = new ArrayList<>();
        samples.add(new Sample("latency", "1 session", "direct", "p50", false, 1, 100));
        samples.add(new Sample("latency", "1 session", "postern", "p50", false, 1, 130));
        samples.add(new Sample("latency", "1 session", "direct", "p50", false, 2, 110));
        samples.add(new Sample("latency", "1 session", "postern", "p50", false, 2, 125));
        samples.add(new Sample("latency", "1 session", "nginx", "p50", false, 3, 125));

        List<Sample> added = Derived.addedOverDirect(samples, "p50");

        assertThat(added).extracting(Sample::value).containsExactly(30.0, 15.0);
        assertThat(added).extracting(Sample::metric).containsOnly("p50 added over direct");
        assertThat(added).extracting(Sample::target).containsOnly("postern");
    }

    @Test
    void csvQuotesWhatWouldBreakAColumn() {
        assertThat(CsvReport.quote("1 session, 20 MB")).isEqualTo("\"1 session, 20 MB\"");
        assertThat(CsvReport.quote("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(CsvReport.quote("plain")).isEqualTo("plain");
    }

    @Test
    void samplesSurviveTheirCsv() {
        List<Sample> samples = List.of(
                new Sample("2. relay throughput", "1 session, 20 MB message", "postern", "MB/s", true, 2, 222.5),
                new Sample("4. per-command latency", "1 session", "nginx", "say \"p50\" µs", false, 1, 49.625));

        String csv = CsvReport.samples(samples);

        assertThat(CsvReport.parseSamples(csv)).isEqualTo(samples);
        assertThat(CsvReport.parseSamples(CsvReport.samples(List.of()) + CsvReport.line(samples.get(0))))
                .containsExactly(samples.get(0));
    }
}
