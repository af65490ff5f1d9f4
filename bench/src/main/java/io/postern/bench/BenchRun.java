package io.postern.bench;

import io.postern.bench.env.AuthHttpServer;
import io.postern.bench.env.BenchUsers;
import io.postern.bench.env.MailboxSeeder;
import io.postern.bench.env.TempDirs;
import io.postern.bench.env.Upstreams;
import io.postern.bench.jmh.DecoderBenchmarks;
import io.postern.bench.load.Clients;
import io.postern.bench.profile.HotMethods;
import io.postern.bench.report.CsvReport;
import io.postern.bench.report.Derived;
import io.postern.bench.report.Sample;
import io.postern.bench.scenario.CommandLatency;
import io.postern.bench.scenario.IdleSessions;
import io.postern.bench.scenario.LoginRate;
import io.postern.bench.scenario.Notes;
import io.postern.bench.scenario.RelayThroughput;
import io.postern.bench.scenario.Scenario;
import io.postern.bench.scenario.SmtpSubmission;
import io.postern.bench.target.RunningTarget;
import io.postern.bench.target.TargetSpec;
import io.postern.bench.target.Targets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.time.Duration;

/**
 * One whole comparison: the upstreams and the auth server up, the message seeded, every
 * target started, each scenario run per repetition through every target in rotating order,
 * then everything stopped and the report written.
 */
final class BenchRun {

    private final BenchSettings settings;
    private final Notes notes = new Notes();

    BenchRun(BenchSettings settings) {
        this.settings = settings;
    }

    void run() throws Exception {
        Files.createDirectories(settings.out());
        if (settings.fromSamples() != null) {
            report(CsvReport.parseSamples(Files.readString(settings.fromSamples())), MachineInfo.markdown(),
                    settings.scenarios().contains("idle") ? idleSessions(MachineInfo.maxFiles()) : 0,
                    TargetSet.pendingOf(specs(settings.out().resolve("postern.jfr")), settings.repository()));
            return;
        }
        // Every sample goes to disk as soon as it is measured: a run that fails late loses nothing
        // (--from-samples makes the report again from this file).
        Files.writeString(settings.out().resolve("samples-live.csv"), CsvReport.samples(List.of()));
        String machine = MachineInfo.markdown();
        long maxFiles = MachineInfo.maxFiles();
        int idle = settings.scenarios().contains("idle") ? idleSessions(maxFiles) : 0;
        List<Sample> samples = new ArrayList<>();
        List<String> pending;
        Path jfr = settings.out().resolve("postern.jfr");
        Path work = Files.createTempDirectory("postern-bench-");
        try (Upstreams upstreams = Upstreams.start(Math.max(idle, 200));
             AuthHttpServer auth = AuthHttpServer.start(Map.of("imap", upstreams.imap(), "smtp", upstreams.smtp()))) {
            System.out.println("upstreams in " + upstreams.directory() + ", auth_http on " + auth.address());
            seed(upstreams);
            try (TargetSet targets = TargetSet.start(specs(jfr), settings.repository(), work, upstreams.imap(),
                    upstreams.smtp(), auth.address(), maxFiles, notes);
                 Clients clients = new Clients(settings.loadThreads())) {
                pending = targets.pending();
                warmUp(targets, clients);
                for (Scenario scenario : scenarios(clients, upstreams, idle)) {
                    for (int rep = 1; rep <= settings.repetitions(); rep++) {
                        for (RunningTarget target : targets.order(rep)) {
                            samples.addAll(runOne(scenario, target, rep));
                        }
                    }
                }
            }
            TempDirs.keepLogs(upstreams.directory().resolve("dovecot/log"), settings.out().resolve("logs/dovecot"),
                    List.of(".log"));
            TempDirs.keepLogs(upstreams.directory().resolve("postfix/log"), settings.out().resolve("logs/postfix"),
                    List.of(".log"));
        } finally {
            TempDirs.keepLogs(work, settings.out().resolve("logs"), List.of(".log", ".out", ".conf"));
            TempDirs.delete(work);
        }
        report(samples, machine, idle, pending);
    }

    private void report(List<Sample> measured, String machine, int idle, List<String> pending) throws Exception {
        Path jfr = settings.out().resolve("postern.jfr");
        List<Sample> samples = new ArrayList<>(measured);
        samples.addAll(Derived.addedOverDirect(measured, CommandLatency.P50));
        samples.addAll(Derived.addedOverDirect(measured, CommandLatency.P99));
        List<DecoderBenchmarks.Result> jmh = settings.scenarios().contains("jmh")
                ? DecoderBenchmarks.run(settings.quick()) : List.of();
        String hot = settings.jfr() && Files.exists(jfr) ? HotMethods.summarise(jfr, 25) : null;
        if (hot != null) {
            Files.writeString(settings.out().resolve("jfr-hot-methods.txt"), hot);
        }
        new ReportWriter(settings, machine, idle).write(samples, jmh, pending, notes.all(), hot);
    }

    /**
     * Logins and submissions through every target before anything is measured, so that the
     * JVM's just-in-time compiler has compiled Postern's per-session code (it needs thousands
     * of sessions) as an operator's long-running proxy has; nginx and Dovecot warm their caches.
     */
    private void warmUp(TargetSet targets, Clients clients) throws Exception {
        if (settings.initialWarmup().isZero()) {
            return;
        }
        List<Scenario> warmups = List.of(
                new LoginRate(clients, settings.loginClients(), settings.initialWarmup(), Duration.ZERO, notes),
                new SmtpSubmission(clients, Math.min(5, settings.smtpClients()), 10_000, settings.initialWarmup().dividedBy(4),
                        Duration.ZERO, notes));
        for (RunningTarget target : targets.running()) {
            System.out.println("warming up " + target.name() + " for " + settings.initialWarmup().multipliedBy(5).dividedBy(4).toSeconds() + " s");
            for (Scenario warmup : warmups) {
                warmup.run(target, 1);
            }
        }
    }

    private List<Sample> runOne(Scenario scenario, RunningTarget target, int rep) {
        System.out.printf("%s [%s] run %d/%d: %s%n", scenario.name(), scenario.variant(), rep, settings.repetitions(),
                target.name());
        try {
            List<Sample> result = scenario.run(target, rep);
            result.forEach(s -> System.out.printf("    %s = %.2f%n", s.metric(), s.value()));
            for (Sample s : result) {
                Files.writeString(settings.out().resolve("samples-live.csv"), CsvReport.line(s),
                        java.nio.file.StandardOpenOption.APPEND);
            }
            return result;
        } catch (Exception e) {
            notes.add(scenario.name() + " [" + scenario.variant() + "], " + target.name() + ", run " + rep + " failed: " + e);
            return List.of();
        }
    }

    /** The idle sessions asked for, fewer when the proxy's two descriptors per session would not fit. */
    private int idleSessions(long maxFiles) {
        int fit = (int) Math.max(1, (maxFiles - 300) / 2);
        if (settings.idleSessions() > fit) {
            notes.add("idle sessions: " + settings.idleSessions() + " asked, " + fit + " run: the open-files limit is "
                    + maxFiles + " and a proxy holds two descriptors per session (raise the hard limit to run more)");
            return fit;
        }
        return settings.idleSessions();
    }

    private void seed(Upstreams upstreams) throws Exception {
        MailboxSeeder.append(upstreams.imap(), BenchUsers.RELAY, settings.messageMegabytes() * 1_000_000);
        MailboxSeeder.append(upstreams.imap(), BenchUsers.LOGIN, 2000);
        MailboxSeeder.append(upstreams.imap(), BenchUsers.NOOP, 2000);
        MailboxSeeder.append(upstreams.imap(), BenchUsers.IDLE, 2000);
    }

    private List<TargetSpec> specs(Path jfr) {
        List<TargetSpec> specs = new ArrayList<>();
        for (TargetSpec spec : Targets.standard()) {
            if (settings.jfr() && spec.name().equals("postern")) {
                spec = spec.withJavaOpts("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile,dumponexit=true");
            }
            specs.add(spec);
        }
        settings.posternVariants().forEach((name, opts) -> {
            // NAME@DIR: the variant runs another built distribution (e.g. one copied before a change)
            int at = name.indexOf('@');
            TargetSpec spec = at < 0 ? TargetSpec.postern(name)
                    : TargetSpec.postern(name.substring(0, at)).withDistribution(Path.of(name.substring(at + 1)));
            specs.add(spec.withJavaOpts(opts));
        });
        if (!settings.targets().isEmpty()) {
            specs.removeIf(spec -> !settings.targets().contains(spec.name()));
        }
        return specs;
    }

    private List<Scenario> scenarios(Clients clients, Upstreams upstreams, int idle) {
        List<Scenario> list = new ArrayList<>();
        var duration = settings.duration();
        var warmup = settings.warmup();
        if (settings.scenarios().contains("login")) {
            list.add(new LoginRate(clients, settings.loginClients(), duration, warmup, notes));
        }
        if (settings.scenarios().contains("relay")) {
            for (int sessions : settings.relaySessions()) {
                list.add(new RelayThroughput(clients, sessions, settings.messageMegabytes() * 1_000_000L, duration, warmup,
                        notes));
            }
        }
        if (settings.scenarios().contains("idle")) {
            list.add(new IdleSessions(clients, idle, upstreams.imap(), notes));
        }
        if (settings.scenarios().contains("latency")) {
            list.add(new CommandLatency(clients, settings.latencySessions(), duration, warmup, notes));
        }
        if (settings.scenarios().contains("smtp")) {
            list.add(new SmtpSubmission(clients, settings.smtpClients(), settings.smtpKilobytes() * 1000, duration, warmup,
                    notes));
        }
        return list;
    }
}
