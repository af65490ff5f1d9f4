package io.postern.bench.scenario;

import io.postern.bench.env.BenchUsers;
import io.postern.bench.load.ClosedLoop;
import io.postern.bench.load.Clients;
import io.postern.bench.load.ImapConnection;
import io.postern.bench.load.LatencyRecorder;
import io.postern.bench.report.Sample;
import io.postern.bench.target.RunningTarget;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Scenario 4: NOOP round trips, one at a time on each of {@code sessions} logged-in sessions:
 * p50 and p99 in microseconds. What a proxy adds over direct is derived after each repetition
 * ({@link io.postern.bench.report.Derived#addedOverDirect}).
 */
public record CommandLatency(Clients clients, int sessions, Duration duration, Duration warmup, Notes notes)
        implements Scenario {

    public static final String P50 = "NOOP p50 µs";
    public static final String P99 = "NOOP p99 µs";

    @Override
    public String name() {
        return "4. per-command latency";
    }

    @Override
    public String variant() {
        return sessions + (sessions == 1 ? " session" : " sessions");
    }

    @Override
    public List<Sample> run(RunningTarget target, int repetition) throws Exception {
        List<ImapConnection> connections = Sessions.openAll(clients, target.imap(), BenchUsers.NOOP, sessions);
        try {
            ClosedLoop.run(sessions, warmup, w -> noop(connections.get(w), null));
            LatencyRecorder latency = new LatencyRecorder();
            ClosedLoop.Result result = ClosedLoop.run(sessions, duration, w -> noop(connections.get(w), latency));
            if (result.failed() > 0) {
                notes.add(name() + ", " + target.name() + ", run " + repetition + ": " + result.failed()
                        + " NOOPs failed, first: " + result.firstError());
            }
            return new Samples(this, target.name(), repetition)
                    .lowerBetter(P50, latency.percentileMicros(50))
                    .lowerBetter(P99, latency.percentileMicros(99))
                    .list();
        } finally {
            Sessions.closeAll(connections);
        }
    }

    private static CompletableFuture<?> noop(ImapConnection connection, LatencyRecorder latency) {
        long sent = System.nanoTime();
        return connection.command("NOOP").thenAccept(r -> {
            Sessions.ok(r, "NOOP");
            if (latency != null) {
                latency.record(System.nanoTime() - sent);
            }
        });
    }
}
