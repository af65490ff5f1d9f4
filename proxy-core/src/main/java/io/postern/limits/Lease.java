package io.postern.limits;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The counts one admitted connection or session holds. Closing it gives them back; closing it
 * again does nothing, so every path that ends a session may close it without counting twice.
 */
public final class Lease implements AutoCloseable {

    /** A lease that holds nothing. */
    static final Lease NONE = new Lease(() -> { });

    private final Runnable release;
    private final AtomicBoolean closed = new AtomicBoolean();

    Lease(Runnable release) {
        this.release = Objects.requireNonNull(release, "release");
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            release.run();
        }
    }
}
