package io.postern.log.writer;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
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
 * One log's writer thread and its bounded queue (the access log has one, the audit log
 * another, so that a flood of audit lines never costs an access-log line). Event loops only
 * {@linkplain #offer offer} immutable {@link LogEntry}s, which never blocks: when the queue is
 * full the entry is dropped and counted, and the thread says so in a WARN at most once per
 * interval. The thread formats the lines (date formatting and escaping are kept off the event
 * loops, which already paid for the immutable copy), writes them, and flushes whenever the
 * queue runs dry.
 *
 * <p>Reopening (logrotate) and stopping travel through the same queue, so every line offered
 * before a reopen goes to the old file and every line after it to the new one.
 */
public final class LogWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LogWriter.class);
    /** How long {@link #reopen} and {@link #close} wait for the writer thread. */
    private static final Duration CONTROL_TIMEOUT = Duration.ofSeconds(10);

    private sealed interface Entry {
    }

    private record Lines(LogEntry entry) implements Entry {
    }

    private record Reopen(CompletableFuture<Void> done) implements Entry {
    }

    private record Stop() implements Entry {
    }

    private final String name;
    private final String unit;
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
     * @param name the directive the log is configured with ({@code access_log}), which names
     *     the thread and starts every message; its queue's size is {@code <name>_buffer}
     * @param unit what one entry is, for the drop warning ({@code "session line(s)"})
     * @param paths the files to write, opened by {@link #start}
     * @param capacity entries that may wait to be written ({@code access_log_buffer})
     * @param opener opens a file ({@link LineSink#appendingTo} outside tests)
     * @param warnInterval at most one WARN about drops, and one about write errors, per interval
     */
    public LogWriter(String name, String unit, Set<Path> paths, int capacity, LineSink.Opener opener,
                     Duration warnInterval) {
        this.name = Objects.requireNonNull(name, "name");
        this.unit = Objects.requireNonNull(unit, "unit");
        this.paths = Set.copyOf(paths);
        this.capacity = capacity;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.opener = Objects.requireNonNull(opener, "opener");
        this.warnIntervalNanos = warnInterval.toNanos();
        this.thread = new Thread(this::run, "postern-" + name.replace('_', '-'));
        thread.setDaemon(true);
    }

    /** Opens every file, then starts the thread. A file that cannot be opened refuses the start. */
    public void start() throws IOException {
        try {
            for (Path path : paths) {
                sinks.put(path, opener.open(path));
            }
        } catch (IOException | RuntimeException e) {
            closeAll(); // those opened before (a reload that is refused goes on running without them)
            throw e;
        }
        thread.start();
    }

    /** The files it writes. */
    public Set<Path> paths() {
        return paths;
    }

    /** The entries that may wait to be written. */
    public int capacity() {
        return capacity;
    }

    /**
     * Queues {@code entry}. Never blocks.
     *
     * @return false when the queue was full and the entry was dropped
     */
    public boolean offer(LogEntry entry) {
        if (queue.offer(new Lines(entry))) {
            return true;
        }
        dropped.incrementAndGet();
        return false;
    }

    /** Entries dropped because the queue was full, since the start. */
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
            throw new TimeoutException(name + ": the writer did not take the reopen request within "
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
        try {
            lines.entry().writeTo(this::writeLine);
        } catch (RuntimeException e) {
            // A format that failed: the error names the log, never the entry's values.
            writeFailed(null, e);
        }
    }

    private void writeLine(Path path, String line) {
        LineSink sink = sinks.get(path);
        if (sink == null) {
            writeFailed(path, new IllegalArgumentException("not one of this log's files"));
            return;
        }
        try {
            sink.write(line);
        } catch (IOException | RuntimeException e) {
            writeFailed(path, e);
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
            done.completeExceptionally(new IOException(name + ": cannot reopen " + failures));
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
        LOG.warn("{}: dropped {} {} because {} were already waiting to be written ({}_buffer); {} dropped "
                + "since the start", name, total - droppedReported, unit, capacity, name, total);
        droppedReported = total;
        lastDropWarning = now;
        warnedOnce = true;
    }

    private void writeFailed(Path path, Exception e) {
        long now = System.nanoTime();
        if (erredOnce && now - lastErrorWarning < warnIntervalNanos) {
            return;
        }
        LOG.error("{}: cannot write {}: {}", name, path == null ? "a line" : path, e.toString());
        lastErrorWarning = now;
        erredOnce = true;
    }
}
