package io.postern.bench.scenario;

import io.postern.bench.env.BenchUsers;
import io.postern.bench.load.ClosedLoop;
import io.postern.bench.load.Clients;
import io.postern.bench.load.ImapConnection;
import io.postern.bench.load.LatencyRecorder;
import io.postern.bench.report.Sample;
import io.postern.bench.target.ProcStats;
import io.postern.bench.target.RunningTarget;
import io.postern.bench.target.TlsFiles;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Scenario 1: {@code clients} concurrent clients, each repeating connect → LOGIN → SELECT
 * INBOX → LOGOUT: sessions per second, the proxy's CPU per session, and the LOGIN's latency
 * (command sent to tagged OK, which through a proxy includes the auth_http request and the
 * upstream's own login). Scenario 6 is the same on the implicit-TLS listener ({@code tls}):
 * each session a full TLS 1.3 handshake before the greeting ({@link io.postern.bench.target.TlsFiles}).
 */
public record LoginRate(Clients clients, int sessions, Duration duration, Duration warmup, Notes notes, boolean tls)
        implements Scenario {

    /** The plain (port 143-style) scenario. */
    public LoginRate(Clients clients, int sessions, Duration duration, Duration warmup, Notes notes) {
        this(clients, sessions, duration, warmup, notes, false);
    }

    @Override
    public String name() {
        return tls ? "6. implicit-TLS login rate" : "1. login rate";
    }

    @Override
    public boolean throughFilteredTargets() {
        return !tls;
    }

    @Override
    public String variant() {
        return sessions + " clients" + (tls ? ", " + TlsFiles.DESCRIPTION : "");
    }

    @Override
    public List<Sample> run(RunningTarget target, int repetition) throws Exception {
        ClosedLoop.run(sessions, warmup, w -> session(target, null));
        LatencyRecorder login = new LatencyRecorder();
        CpuMeter cpu = CpuMeter.start(target);
        long harnessStart = CpuMeter.harnessNanos();
        ClosedLoop.Result result = ClosedLoop.run(sessions, duration, w -> session(target, login));
        ProcStats.CpuTimes used = cpu.elapsed();
        double machine = cpu.machineElapsed();
        double harnessSeconds = (CpuMeter.harnessNanos() - harnessStart) / 1e9;
        if (result.failed() > 0) {
            notes.add(name() + ", " + target.name() + ", run " + repetition + ": " + result.failed()
                    + " sessions failed, first: " + result.firstError());
        }
        Samples samples = new Samples(this, target.name(), repetition)
                .higherBetter("sessions/s", result.perSecond())
                .lowerBetter("login p50 µs", login.percentileMicros(50))
                .lowerBetter("login p99 µs", login.percentileMicros(99));
        cpu.report(samples, used, machine, "ms/session", 1000, Math.max(1, result.completed()));
        if (tls) {
            // The clients' handshakes cost too: when this nears 1000 ms × load threads per second, the
            // load generator, not the proxy, is what limits the rate.
            samples.lowerBetter("load generator CPU ms/session", harnessSeconds * 1000 / Math.max(1, result.completed()));
        }
        return samples.list();
    }

    private CompletionStage<?> session(RunningTarget target, LatencyRecorder login) {
        return ImapConnection.open(clients, tls ? target.imaps() : target.imap(), tls).thenCompose(c -> {
            long sent = System.nanoTime();
            CompletableFuture<?> done = c.command(Sessions.login(BenchUsers.LOGIN))
                    .thenApply(r -> Sessions.ok(r, "LOGIN"))
                    .thenCompose(r -> {
                        if (login != null) {
                            login.record(System.nanoTime() - sent);
                        }
                        return c.command("SELECT INBOX");
                    })
                    .thenApply(r -> Sessions.ok(r, "SELECT"))
                    .thenCompose(r -> c.command("LOGOUT"));
            return done.whenComplete((r, e) -> c.close());
        });
    }
}
