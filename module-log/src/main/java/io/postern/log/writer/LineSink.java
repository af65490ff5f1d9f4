package io.postern.log.writer;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where the writer thread puts lines: an open log file (access log, audit log). Used by that one thread only.
 * Tests put a slow one in its place to fill the queue.
 */
public interface LineSink extends AutoCloseable {

    /** Opens the sink for one path. */
    @FunctionalInterface
    interface Opener {
        LineSink open(Path path) throws IOException;
    }

    /** Writes one line; a line terminator is added. */
    void write(String line) throws IOException;

    void flush() throws IOException;

    @Override
    void close() throws IOException;

    /**
     * Opens {@code path} for appending, creating it and its directory when missing (so a log
     * renamed away by logrotate is created anew at reopen).
     */
    static LineSink appendingTo(Path path) throws IOException {
        Path parent = path.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        BufferedWriter out = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        return new LineSink() {
            @Override
            public void write(String line) throws IOException {
                out.write(line);
                out.write('\n');
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }

            @Override
            public void close() throws IOException {
                out.close();
            }
        };
    }
}
