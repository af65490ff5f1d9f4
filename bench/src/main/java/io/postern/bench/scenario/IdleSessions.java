package io.postern.bench.scenario;

import io.postern.bench.env.BenchUsers;
import io.postern.bench.env.MailboxSeeder;
import io.postern.bench.load.Bounded;
import io.postern.bench.load.Clients;
import io.postern.bench.load.ImapConnection;
import io.postern.bench.load.ImapReply;
import io.postern.bench.report.Sample;
import io.postern.bench.report.Stats;
import io.postern.bench.target.NativeMemory;
import io.postern.bench.target.ProcStats;
import io.postern.bench.target.RunningTarget;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Scenario 3: {@code sessions} logged-in IMAP sessions of one user, all in IDLE on INBOX: the
 * proxy's resident memory with them all idling (its whole RSS, the fixed cost included) and per
 * session (RSS with them all idling minus RSS before, divided by their number; run it first
 * with {@code --initial-warmup=0s --scenarios=idle} for the growth of a fresh process), then one
 * message appended straight at Dovecot and how quickly its {@code * n EXISTS} reaches every
 * idler (from the APPEND's OK). A JVM started with {@code -XX:NativeMemoryTracking} has its
 * {@code jcmd VM.native_memory summary} printed while the sessions idle.
 */
public record IdleSessions(Clients clients, int sessions, InetSocketAddress upstreamImap, Notes notes)
        implements Scenario {

    private static final long SETTLE_MILLIS = 2000;
    private static final long NOTIFY_WAIT_MILLIS = 15_000;
    /** The proxy's whole resident memory with the sessions idling (the goal compares it with nginx's). */
    public static final String RSS_IDLING = "proxy RSS MiB, sessions idling";

    @Override
    public String name() {
        return "3. idle sessions";
    }

    @Override
    public String variant() {
        return String.format(java.util.Locale.ROOT, "%,d sessions in IDLE", sessions);
    }

    @Override
    public List<Sample> run(RunningTarget target, int repetition) throws Exception {
        Thread.sleep(SETTLE_MILLIS);
        long rssBefore = target.pid().isPresent() ? ProcStats.rssBytes(target.pid().getAsLong()) : 0;
        Bounded.Outcome<Idler> opened = Bounded.run(sessions, 100, i -> idle(target)).join();
        List<Idler> idlers = opened.results();
        try {
            if (opened.failed() > 0) {
                notes.add(name() + ", " + target.name() + ", run " + repetition + ": " + opened.failed() + " of "
                        + sessions + " sessions did not reach IDLE, first: " + opened.firstError());
            }
            Thread.sleep(SETTLE_MILLIS);
            Samples samples = new Samples(this, target.name(), repetition);
            if (target.pid().isPresent()) {
                long rssAfter = ProcStats.rssBytes(target.pid().getAsLong());
                samples.lowerBetter("proxy RSS KiB/session", (rssAfter - rssBefore) / 1024.0 / Math.max(1, idlers.size()));
                samples.lowerBetter(RSS_IDLING, rssAfter / 1024.0 / 1024.0);
                NativeMemory.print(target.name(), target.pid().getAsLong());
            }
            long[] latencies = notifyAll(idlers);
            long within = Arrays.stream(latencies).filter(l -> l <= 1_000_000_000L).count();
            long[] arrived = Arrays.stream(latencies).filter(l -> l < Long.MAX_VALUE).sorted().toArray();
            samples.higherBetter("% EXISTS within 1 s", 100.0 * within / sessions);
            samples.higherBetter("% EXISTS within " + NOTIFY_WAIT_MILLIS / 1000 + " s", 100.0 * arrived.length / sessions);
            if (arrived.length > 0) {
                samples.lowerBetter("EXISTS p50 ms", Stats.sortedPercentile(arrived, 50) / 1e6);
                samples.lowerBetter("EXISTS max ms", arrived[arrived.length - 1] / 1e6);
            }
            return samples.list();
        } finally {
            for (Idler idler : idlers) {
                idler.connection().write("DONE\r\n");
            }
            Sessions.closeAll(idlers.stream().map(Idler::connection).toList());
        }
    }

    /** Appends one message and waits for every idler's EXISTS; the latency of each, MAX_VALUE for none. */
    private long[] notifyAll(List<Idler> idlers) throws Exception {
        idlers.forEach(Idler::arm);
        MailboxSeeder.append(upstreamImap, BenchUsers.IDLE, 1000);
        long appended = System.nanoTime();
        long deadline = appended + NOTIFY_WAIT_MILLIS * 1_000_000L;
        while (System.nanoTime() < deadline && idlers.stream().anyMatch(i -> i.seen == 0)) {
            Thread.sleep(20);
        }
        long[] latencies = new long[sessions];
        Arrays.fill(latencies, Long.MAX_VALUE);
        for (int i = 0; i < idlers.size(); i++) {
            long seen = idlers.get(i).seen;
            latencies[i] = seen == 0 ? Long.MAX_VALUE : Math.max(0, seen - appended);
        }
        return latencies;
    }

    private CompletableFuture<Idler> idle(RunningTarget target) {
        return Sessions.selected(clients, target.imap(), BenchUsers.IDLE).thenCompose(c -> {
            Idler idler = new Idler(c);
            c.onUntagged(idler::untagged);
            return c.commandAwaitingContinuation("IDLE", new CompletableFuture<ImapReply>())
                    .thenApply(plus -> idler)
                    .whenComplete((r, e) -> {
                        if (e != null) {
                            c.close();
                        }
                    });
        });
    }

    /** One idling session: when it saw EXISTS after being armed (nanoTime, 0 for not yet). */
    private static final class Idler {
        private final ImapConnection connection;
        private volatile boolean armed;
        private volatile long seen;

        Idler(ImapConnection connection) {
            this.connection = connection;
        }

        ImapConnection connection() {
            return connection;
        }

        void arm() {
            armed = true;
        }

        void untagged(String line) {
            if (armed && seen == 0 && line.endsWith(" EXISTS")) {
                seen = System.nanoTime();
            }
        }
    }
}
