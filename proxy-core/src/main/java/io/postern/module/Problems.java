package io.postern.module;

import java.util.ArrayList;
import java.util.List;

/** Collects the problems of a module scan, so that all of them are reported together. */
final class Problems {

    private final List<String> messages = new ArrayList<>();
    private final List<Throwable> causes = new ArrayList<>();

    void add(String source, String message) {
        messages.add(source + ": " + message);
    }

    void add(String source, String message, Throwable cause) {
        add(source, message);
        causes.add(cause);
    }

    /** Adds a problem that concerns several sources and so names them itself. */
    void addUnprefixed(String message) {
        messages.add(message);
    }

    boolean isEmpty() {
        return messages.isEmpty();
    }

    ModuleLoadException toException() {
        return new ModuleLoadException(messages, causes);
    }
}
