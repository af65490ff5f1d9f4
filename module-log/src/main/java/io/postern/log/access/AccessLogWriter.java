package io.postern.log.access;

import io.postern.log.session.ClosedSession;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access log's one writer thread and its bounded queue. Event loops only
 * {@linkplain #offer offer} immutable {@link ClosedSession}s, which never blocks: when the
 * queue is full the session's lines are dropped and counted, and the thread says so in a WARN
 * at most once per interval. The thread formats the lines (date formatting and escaping are
 * kept off the event loops, which already paid for the immutable copy), writes them, and
 * flushes whenever the queue runs dry.
 *
 * <p>Reopening (logrotate) and stopping travel through the same queue, so every line offered
 * before a reopen goes to the old file and every line after it to the new one.
 */
public final class AccessLogWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AccessLogWriter.class);
    /** How long {@link #reopen} and {@link #close} wait for the writer thread. */
    private static final Duration CONTROL_TIMEOUT = Duration.ofSeconds(10);

    private sealed interface Entry {
    }

    private record Lines(ClosedSession session, List<AccessLogTarget> targets) implements Entry {
    }

    private record Reopen(CompletableFuture<Void> done) implements Entry {
    }

    private record Stop() implements Entry {
    }

    private final Set<Path> paths;
    private final int capacity;
    private final BlockingQueue<Entry> queue;
    private final LineSink.Opener opener;
    private final long warnIntervalNanos;
    private final AtomicLong dropped = new AtomicLong();
    private final Map<Path, LineSink> sinks = new LinkedHashMap<>();
    private final Thread thread;
    private long droppedReported;
    private long lastDropWarning;
    private long lastErrorWarning;
    private boolean warnedOnce;
    private boolean erredOnce;

    /**
     * @param paths the files to write, opened by {@link #start}
     * @param capacity sessions that may wait to be written ({@code access_log_buffer})
     * @param opener opens a file ({@link LineSink#appendingTo} outside tests)
     * @param warnInterval at most one WARN about drops, and one about write errors, per interval
     */
    public AccessLogWriter(Set<Path> paths, int capacity, LineSink.Opener opener, Duration warnInterval) {
        this.paths = Set.copyOf(paths);
        this.capacity = capacity;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.opener = Objects.requireNonNull(opener, "opener");
        this.warnIntervalNanos = warnInterval.toNanos();
        this.thread = new Thread(this::run, "postern-access-log");
        thread.setDaemon(true);
    }

    /** Opens every file, then starts the thread. A file that cannot be opened refuses the start. */
    public void start() throws IOException {
        for (Path path : paths) {
            sinks.put(path, opener.open(path));
        }
        thread.start();
    }

    /**
     * Queues the lines of {@code session} for {@code targets}. Never blocks.
     *
     * @return false when the queue was full and the lines were dropped
     */
    public boolean offer(ClosedSession session, List<AccessLogTarget> targets) {
        if (queue.offer(new Lines(session, targets))) {
            return true;
        }
        dropped.incrementAndGet();
        return false;
    }

    /** Sessions whose lines were dropped because the queue was full, since the start. */
    public long dropped() {
        return dropped.get();
    }

    /**
     * Reopens every file, in order with the lines queued before it; waits for the thread.
     *
     * @throws IOException naming the files that could not be reopened (they keep the old file)
     */
    public void reopen() throws IOException, InterruptedException, TimeoutException {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!queue.offer(new Reopen(done), CONTROL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new TimeoutException("access_log: the writer did not take the reopen request within "
                    + CONTROL_TIMEOUT.toSeconds() + "s");
        }
        try {
            done.get(CONTROL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw (IOException) e.getCause();
        }
    }

    /** Writes what is queued, closes the files and ends the thread. */
    @Override
    public void close() {
        if (!thread.isAlive()) {
            return;
        }
        try {
            if (!queue.offer(new Stop(), CONTROL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                thread.interrupt();
            }
            thread.join(CONTROL_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            while (true) {
                Entry entry = queue.poll(1, TimeUnit.SECONDS);
                reportDrops();
                if (entry instanceof Stop) {
                    break;
                }
                if (entry instanceof Lines lines) {
                    write(lines);
                } else if (entry instanceof Reopen reopen) {
                    reopenAll(reopen.done());
                }
                if (queue.isEmpty()) {
                    flushAll();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            flushAll();
            closeAll();
        }
    }

    private void write(Lines lines) {
        for (AccessLogTarget target : lines.targets()) {
            try {
                sinks.get(target.path()).write(target.format().format(lines.session()));
            } catch (IOException | RuntimeException e) {
                writeFailed(target.path(), e);
            }
        }
    }

    private void flushAll() {
        sinks.forEach((path, sink) -> {
            try {
                sink.flush();
            } catch (IOException e) {
                writeFailed(path, e);
            }
        });
    }

    private void reopenAll(CompletableFuture<Void> done) {
        flushAll();
        StringBuilder failures = new StringBuilder();
        for (Map.Entry<Path, LineSink> e : sinks.entrySet()) {
            try {
                // Open the new file first: when that fails, lines keep going to the old one (nginx too).
                LineSink fresh = opener.open(e.getKey());
                closeQuietly(e.getKey(), e.getValue());
                e.setValue(fresh);
            } catch (IOException ex) {
                failures.append(failures.length() == 0 ? "" : "; ").append(e.getKey()).append(": ").append(ex);
            }
        }
        if (failures.length() == 0) {
            done.complete(null);
        } else {
            done.completeExceptionally(new IOException("access_log: cannot reopen " + failures));
        }
    }

    private void closeAll() {
        sinks.forEach(this::closeQuietly);
    }

    private void closeQuietly(Path path, LineSink sink) {
        try {
            sink.close();
        } catch (IOException e) {
            writeFailed(path, e);
        }
    }

    private void reportDrops() {
        long total = dropped.get();
        long now = System.nanoTime();
        if (total == droppedReported || (warnedOnce && now - lastDropWarning < warnIntervalNanos)) {
            return;
        }
        LOG.warn("access_log: dropped {} session line(s) because {} were already waiting to be written "
                + "(access_log_buffer); {} dropped since the start", total - droppedReported,
                capacity, total);
        droppedReported = total;
        lastDropWarning = now;
        warnedOnce = true;
    }

    private void writeFailed(Path path, Exception e) {
        long now = System.nanoTime();
        if (erredOnce && now - lastErrorWarning < warnIntervalNanos) {
            return;
        }
        LOG.error("access_log: cannot write {}: {}", path, e.toString());
        lastErrorWarning = now;
        erredOnce = true;
    }
}
