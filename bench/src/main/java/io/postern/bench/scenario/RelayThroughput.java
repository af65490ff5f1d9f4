package io.postern.bench.scenario;

import io.postern.bench.env.BenchUsers;
import io.postern.bench.load.ClosedLoop;
import io.postern.bench.load.Clients;
import io.postern.bench.load.ImapConnection;
import io.postern.bench.report.Sample;
import io.postern.bench.target.ProcStats;
import io.postern.bench.target.RunningTarget;
import io.postern.bench.target.TlsFiles;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario 2: {@code sessions} logged-in sessions each fetching the relay user's one large
 * message ({@code FETCH 1 BODY.PEEK[]}) over and over: MB/s (10^6 bytes of message per
 * second, all sessions together) and the proxy's CPU seconds (utime + stime, all its
 * processes) per GB (10^9 bytes) moved. Scenario 7 is the same with TLS on the client's leg
 * ({@code tls}: the implicit-TLS listener; the proxy's leg to Dovecot stays plain).
 */
public record RelayThroughput(Clients clients, int sessions, long messageBytes, Duration duration, Duration warmup,
                              Notes notes, boolean tls) implements Scenario {

    /** The plain scenario. */
    public RelayThroughput(Clients clients, int sessions, long messageBytes, Duration duration, Duration warmup,
                           Notes notes) {
        this(clients, sessions, messageBytes, duration, warmup, notes, false);
    }

    @Override
    public String name() {
        return tls ? "7. TLS relay throughput" : "2. relay throughput";
    }

    @Override
    public boolean throughFilteredTargets() {
        return !tls;
    }

    @Override
    public String variant() {
        return sessions + (sessions == 1 ? " session" : " sessions") + ", " + messageBytes / 1_000_000 + " MB message"
                + (tls ? ", " + TlsFiles.DESCRIPTION : "");
    }

    @Override
    public List<Sample> run(RunningTarget target, int repetition) throws Exception {
        List<ImapConnection> connections = Sessions.openAll(clients, tls ? target.imaps() : target.imap(), tls,
                BenchUsers.RELAY, sessions);
        try {
            AtomicLong bytes = new AtomicLong();
            ClosedLoop.run(sessions, warmup, w -> fetch(connections.get(w), bytes));
            bytes.set(0);
            CpuMeter meter = CpuMeter.start(target);
            ClosedLoop.Result result = ClosedLoop.run(sessions, duration, w -> fetch(connections.get(w), bytes));
            ProcStats.CpuTimes used = meter.elapsed();
            double machine = meter.machineElapsed();
            if (result.failed() > 0) {
                notes.add(name() + ", " + target.name() + ", run " + repetition + ": " + result.failed()
                        + " fetches failed, first: " + result.firstError());
            }
            Samples samples = new Samples(this, target.name(), repetition)
                    .higherBetter("MB/s", bytes.get() / 1e6 / (result.elapsedNanos() / 1e9));
            meter.report(samples, used, machine, "s/GB", 1, bytes.get() / 1e9);
            return samples.list();
        } finally {
            Sessions.closeAll(connections);
        }
    }

    private CompletableFuture<?> fetch(ImapConnection connection, AtomicLong bytes) {
        return connection.command("FETCH 1 BODY.PEEK[]").thenAccept(r -> {
            Sessions.ok(r, "FETCH");
            if (r.literalBytes() < messageBytes) {
                throw new IllegalStateException("FETCH returned " + r.literalBytes() + " bytes, expected " + messageBytes);
            }
            bytes.addAndGet(r.literalBytes());
        });
    }
}
