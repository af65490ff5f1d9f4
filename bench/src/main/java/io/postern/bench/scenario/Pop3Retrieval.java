package io.postern.bench.scenario;

import io.postern.bench.env.BenchUsers;
import io.postern.bench.load.ClosedLoop;
import io.postern.bench.load.Clients;
import io.postern.bench.load.LatencyRecorder;
import io.postern.bench.load.Pop3Connection;
import io.postern.bench.report.Sample;
import io.postern.bench.target.ProcStats;
import io.postern.bench.target.RunningTarget;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Scenario 8: {@code clients} concurrent POP3 clients, each repeating connect → USER → PASS →
 * RETR 1 (the POP3 user's one message of {@code messageBytes}) → QUIT: sessions per second,
 * the proxy's CPU per session, and the whole session's latency. The message is never deleted.
 */
public record Pop3Retrieval(Clients clients, int sessions, int messageBytes, Duration duration, Duration warmup,
                            Notes notes) implements Scenario {

    @Override
    public String name() {
        return "8. POP3 login + RETR";
    }

    @Override
    public boolean throughFilteredTargets() {
        return false;
    }

    @Override
    public String variant() {
        return sessions + " clients, " + messageBytes / 1000 + " KB message";
    }

    @Override
    public List<Sample> run(RunningTarget target, int repetition) throws Exception {
        ClosedLoop.run(sessions, warmup, w -> session(target, null));
        LatencyRecorder latency = new LatencyRecorder();
        CpuMeter cpu = CpuMeter.start(target);
        ClosedLoop.Result result = ClosedLoop.run(sessions, duration, w -> session(target, latency));
        ProcStats.CpuTimes used = cpu.elapsed();
        double machine = cpu.machineElapsed();
        if (result.failed() > 0) {
            notes.add(name() + ", " + target.name() + ", run " + repetition + ": " + result.failed()
                    + " sessions failed, first: " + result.firstError());
        }
        Samples samples = new Samples(this, target.name(), repetition)
                .higherBetter("sessions/s", result.perSecond())
                .lowerBetter("session p50 µs", latency.percentileMicros(50))
                .lowerBetter("session p99 µs", latency.percentileMicros(99));
        cpu.report(samples, used, machine, "ms/session", 1000, Math.max(1, result.completed()));
        return samples.list();
    }

    private CompletionStage<?> session(RunningTarget target, LatencyRecorder latency) {
        long start = System.nanoTime();
        return Pop3Connection.open(clients, target.pop3()).thenCompose(c -> c.command("USER " + BenchUsers.POP.name())
                .thenCompose(r -> c.command("PASS " + BenchUsers.POP.password()))
                .thenCompose(r -> c.retrieve(1))
                .thenCompose(bytes -> {
                    if (bytes < messageBytes) {
                        throw new IllegalStateException("RETR returned " + bytes + " bytes, expected " + messageBytes);
                    }
                    return c.command("QUIT");
                })
                .thenAccept(r -> {
                    if (latency != null) {
                        latency.record(System.nanoTime() - start);
                    }
                })
                .whenComplete((r, e) -> c.close()));
    }
}
