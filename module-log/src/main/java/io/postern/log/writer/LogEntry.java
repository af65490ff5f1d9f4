package io.postern.log.writer;

import java.nio.file.Path;

/**
 * Something queued for a {@link LogWriter}: an immutable value that formats its own lines on
 * the writer thread, so that event loops pay only for the copy, never for dates and escaping.
 */
@FunctionalInterface
public interface LogEntry {

    /** Where a formatted line goes: one of the writer's files. */
    @FunctionalInterface
    interface Lines {
        /**
         * Writes {@code line} (without a terminator) to {@code file}, which must be one of the
         * writer's paths.
         */
        void write(Path file, String line);
    }

    /** Formats this entry's lines and hands each one to {@code out}. Called on the writer thread. */
    void writeTo(Lines out);
}
