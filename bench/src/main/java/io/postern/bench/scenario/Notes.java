package io.postern.bench.scenario;

import java.util.ArrayList;
import java.util.List;

/** What went wrong or needs saying during a run (failed sessions, capped sizes): printed, and kept for the report. */
public final class Notes {

    private final List<String> notes = new ArrayList<>();

    public synchronized void add(String note) {
        System.out.println("  note: " + note);
        notes.add(note);
    }

    public synchronized List<String> all() {
        return List.copyOf(notes);
    }
}
