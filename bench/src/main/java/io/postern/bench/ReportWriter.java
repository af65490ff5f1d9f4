package io.postern.bench;

import io.postern.bench.jmh.DecoderBenchmarks;
import io.postern.bench.report.ChartPainter;
import io.postern.bench.report.CsvReport;
import io.postern.bench.report.Goals;
import io.postern.bench.report.MarkdownReport;
import io.postern.bench.report.Row;
import io.postern.bench.report.Sample;
import io.postern.bench.report.Summary;
import io.postern.bench.target.TlsFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** Writes report.md, samples.csv, summary.csv and chart.png into the output directory. */
final class ReportWriter {

    private final BenchSettings settings;
    private final String machine;
    private final int idleSessions;

    ReportWriter(BenchSettings settings, String machine, int idleSessions) {
        this.settings = settings;
        this.machine = machine;
        this.idleSessions = idleSessions;
    }

    void write(List<Sample> samples, List<DecoderBenchmarks.Result> jmh, List<String> pending, List<String> notes,
               String hotMethods) throws IOException {
        List<Row> rows = Summary.rows(samples);
        Path out = settings.out();
        Files.writeString(out.resolve("samples.csv"), CsvReport.samples(samples));
        Files.writeString(out.resolve("summary.csv"), CsvReport.rows(rows));
        ImageIO.write(ChartPainter.paint("Postern vs nginx mail proxy (median ÷ nginx's median)", rows), "png",
                out.resolve("chart.png").toFile());
        Files.writeString(out.resolve("report.md"), MarkdownReport.render(header(), rows,
                footer(rows, jmh, pending, notes, hotMethods)));
        System.out.println("report: " + out.resolve("report.md"));
    }

    private String header() {
        return "## Benchmark run " + OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS) + "\n\n"
                + machine + "\nSizes: " + settings.repetitions() + " repetition(s) per target, alternating; "
                + settings.duration().toSeconds() + " s measured after " + settings.warmup().toSeconds() + " s warm-up"
                + " (and " + settings.initialWarmup().toSeconds() + " s of logins through each target before the first,"
                + " as long again of submissions and of TLS logins when those scenarios run; Postfix's queue emptied"
                + " after each SMTP run); "
                + settings.loginClients() + " login clients; relay sessions " + settings.relaySessions() + " with a "
                + settings.messageMegabytes() + " MB message; " + idleSessions + " idle sessions; "
                + settings.latencySessions() + " NOOP session(s); " + settings.smtpClients() + " SMTP clients with "
                + settings.smtpKilobytes() + " KB messages (AUTH PLAIN, XCLIENT to Postfix); " + settings.tlsRelaySessions()
                + " TLS relay session(s); " + settings.pop3Clients() + " POP3 clients retrieving a "
                + settings.pop3Kilobytes() + " KB message; " + settings.loadThreads() + " load-generator threads"
                + (settings.quick() ? " (--quick)" : "") + ".\n\nTLS (scenarios 6 and 7): both proxies present one"
                + " self-signed ECDSA P-256 certificate on an implicit-TLS IMAP listener and are held to "
                + TlsFiles.PROTOCOL + ", " + TlsFiles.SUITE + " and " + TlsFiles.GROUP + "; the load generator (the"
                + " JDK's TLS) offers only that protocol and suite and never resumes a session, so every"
                + " TLS session is a full handshake, whose cost to the load generator is reported beside the proxy's."
                + " Direct is Dovecot's own imaps listener (its certificate, the same suite).\n\nCPU: \"proxy CPU\" is"
                + " the proxy's processes' user + system time in the timed part (/proc/<pid>/stat), \"proxy system"
                + " CPU\" the kernel's part of it; \"machine CPU\" is what every process on the machine used meanwhile"
                + " (/proc/stat): the whole chain, load generator, proxy, Dovecot or Postfix and the auth server, for"
                + " every target, direct included. On a machine they share, a rate can be at most its cores divided"
                + " by the machine CPU per operation.\n";
    }

    private String footer(List<Row> rows, List<DecoderBenchmarks.Result> jmh, List<String> pending, List<String> notes,
                          String hotMethods) {
        StringBuilder md = new StringBuilder("\n### Goals (issue 18)\n\n").append(Goals.markdown(rows, "postern", "postern-filtered"));
        // Each other Postern target (a --postern-variant or --postern-config) against the same goals
        rows.stream().map(Row::target).distinct()
                .filter(t -> !List.of(Summary.DIRECT, Summary.NGINX, "postern", "postern-filtered").contains(t))
                .forEach(t -> md.append("\n#### Goals for ").append(t).append("\n\n")
                        .append(Goals.markdown(rows, t, null)));
        if (!jmh.isEmpty()) {
            md.append("\n### Decoder micro-benchmarks (JMH)\n\n| decoder | recording | MB/s | ± |\n|---|---:|---:|---:|\n");
            for (DecoderBenchmarks.Result r : jmh) {
                md.append(String.format(Locale.ROOT, "| %s | %d bytes | %.1f | %.1f |%n", r.name(), r.recordingBytes(),
                        r.megabytesPerSecond(), r.error()));
            }
            md.append("| IMAP response decoder (post-login, issue 5) | – | pending | – |\n");
        }
        if (!pending.isEmpty() || !notes.isEmpty()) {
            md.append("\n### Notes\n\n");
            pending.forEach(p -> md.append("- ").append(p).append('\n'));
            notes.forEach(n -> md.append("- ").append(n).append('\n'));
        }
        if (hotMethods != null) {
            md.append("\n### Where Postern's time went (JFR)\n\n```\n").append(hotMethods).append("```\n");
        }
        return md.toString();
    }
}
