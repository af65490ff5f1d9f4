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
import io.postern.bench.scenario.Pop3Retrieval;
import io.postern.bench.scenario.RelayThroughput;
import io.postern.bench.scenario.Scenario;
import io.postern.bench.scenario.SmtpSubmission;
import io.postern.bench.target.DirectTarget;
import io.postern.bench.target.RunningTarget;
import io.postern.bench.target.TargetSpec;
import io.postern.bench.target.Targets;
import io.postern.bench.target.TlsFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
                    TargetSet.pendingOf(specs(), settings.repository()));
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
             AuthHttpServer auth = AuthHttpServer.start(Map.of("imap", upstreams.imap(), "pop3", upstreams.pop3(),
                     "smtp", upstreams.smtp()))) {
            System.out.println("upstreams in " + upstreams.directory() + ", auth_http on " + auth.address());
            seed(upstreams);
            DirectTarget direct = new DirectTarget(upstreams.imap(), upstreams.imaps(), upstreams.pop3(), upstreams.smtp());
            try (TargetSet targets = TargetSet.start(specs(), settings.repository(), work, direct, auth.address(),
                    TlsFiles.create(work.resolve("tls")), maxFiles, notes);
                 Clients clients = new Clients(settings.loadThreads())) {
                pending = targets.pending();
                warmUp(targets, clients, upstreams);
                if (settings.jfr()) {
                    startRecording(targets, jfr);
                }
                for (Scenario scenario : scenarios(clients, upstreams, idle)) {
                    for (int rep = 1; rep <= settings.repetitions(); rep++) {
                        for (RunningTarget target : targets.order(rep)) {
                            if (!scenario.throughFilteredTargets() && targets.filtered(target)) {
                                continue;
                            }
                            samples.addAll(runOne(scenario, target, rep));
                            if (scenario instanceof SmtpSubmission) {
                                awaitDeliveries(upstreams, scenario.name() + ", " + target.name() + ", run " + rep);
                            }
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
     * Logins and submissions (and TLS logins when a TLS scenario runs) through every target
     * before anything is measured, so that the JVM's just-in-time compiler has compiled
     * Postern's per-session code (it needs thousands of sessions) as an operator's long-running
     * proxy has; nginx and Dovecot warm their caches.
     */
    private void warmUp(TargetSet targets, Clients clients, Upstreams upstreams) throws Exception {
        if (settings.initialWarmup().isZero()) {
            return;
        }
        Duration full = settings.initialWarmup();
        Duration quarter = full.dividedBy(4);
        List<Scenario> warmups = new ArrayList<>();
        warmups.add(new LoginRate(clients, settings.loginClients(), full, Duration.ZERO, notes));
        Duration total = full;
        // A scenario that is measured gets as long a warm-up as the logins: with a quarter of it,
        // the JIT was still compiling the SMTP relay and the TLS handshake's Java side during the
        // measurement (a third of the SMTP scenario's CPU was C2's). Small messages: the sessions
        // are what needs warming (the data loops compile within a message), and Postfix delivers
        // each message to Dovecot, which must not still be busy with them when measuring starts.
        if (settings.scenarios().contains("smtp")) {
            warmups.add(new SmtpSubmission(clients, settings.smtpClients(), 10_000, full, Duration.ZERO, notes));
            total = total.plus(full);
        } else {
            warmups.add(new SmtpSubmission(clients, Math.min(5, settings.smtpClients()), 10_000, quarter, Duration.ZERO,
                    notes));
            total = total.plus(quarter);
        }
        if (settings.scenarios().contains("tls-login") || settings.scenarios().contains("tls-relay")) {
            warmups.add(new LoginRate(clients, settings.loginClients(), full, Duration.ZERO, notes, true));
            total = total.plus(full);
        }
        for (RunningTarget target : targets.running()) {
            System.out.println("warming up " + target.name() + " for " + total.toSeconds() + " s");
            for (Scenario warmup : warmups) {
                if (warmup.throughFilteredTargets() || !targets.filtered(target)) {
                    warmup.run(target, 1);
                }
            }
            awaitDeliveries(upstreams, "warm-up, " + target.name());
        }
    }

    /** Lets Postfix deliver the submitted messages to Dovecot before anything else is measured. */
    private void awaitDeliveries(Upstreams upstreams, String after) throws InterruptedException {
        try {
            if (!upstreams.awaitPostfixQueueEmpty(Duration.ofMinutes(2))) {
                notes.add(after + ": Postfix still had messages queued 2 minutes later; what followed was measured anyway");
            }
        } catch (java.io.IOException e) {
            notes.add(after + ": Postfix's queue could not be read (" + e + "); what followed was measured without waiting");
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
        MailboxSeeder.append(upstreams.imap(), BenchUsers.POP, settings.pop3Kilobytes() * 1000);
    }

    /**
     * Starts recording the {@code postern} target with JFR once the warm-up is over, so that the
     * recording holds the scenarios, not the JIT's warm-up; written when Postern exits.
     */
    private void startRecording(TargetSet targets, Path jfr) throws IOException, InterruptedException {
        Files.deleteIfExists(jfr); // an earlier run's, which the report would otherwise summarise
        for (RunningTarget target : targets.running()) {
            if (target.name().equals("postern") && target.pid().isPresent()) {
                Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                        Long.toString(target.pid().getAsLong()), "JFR.start", "name=bench", "settings=profile",
                        "dumponexit=true", "filename=" + jfr).redirectErrorStream(true).start();
                String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (jcmd.waitFor() != 0 || !out.contains("Started recording")) {
                    notes.add("--jfr: the recording did not start: " + out);
                }
            }
        }
    }

    private List<TargetSpec> specs() {
        List<TargetSpec> specs = new ArrayList<>(Targets.standard());
        if (!settings.targets().isEmpty()) {
            specs.removeIf(spec -> !settings.targets().contains(spec.name()));
        }
        // A --postern-variant or --postern-config target is asked for by name: --targets does not filter it out.
        return Targets.withCommandLine(specs, settings.posternVariants(), settings.posternConfigs());
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
        if (settings.scenarios().contains("tls-login")) {
            list.add(new LoginRate(clients, settings.loginClients(), duration, warmup, notes, true));
        }
        if (settings.scenarios().contains("tls-relay")) {
            list.add(new RelayThroughput(clients, settings.tlsRelaySessions(), settings.messageMegabytes() * 1_000_000L,
                    duration, warmup, notes, true));
        }
        if (settings.scenarios().contains("pop3")) {
            list.add(new Pop3Retrieval(clients, settings.pop3Clients(), settings.pop3Kilobytes() * 1000, duration, warmup,
                    notes));
        }
        return list;
    }
}
