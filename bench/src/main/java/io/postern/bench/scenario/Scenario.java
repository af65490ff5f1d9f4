package io.postern.bench.scenario;

import io.postern.bench.report.Sample;
import io.postern.bench.target.RunningTarget;
import java.util.List;

/** One workload, run once per target per repetition; never on an event loop. */
public interface Scenario {

    /** The report's section, e.g. {@code login}. */
    String name();

    /** What tells this scenario's rows from its siblings', e.g. {@code 50 clients, 10 s}. */
    String variant();

    /**
     * Whether this scenario also runs through the targets that differ from {@code postern} only
     * by a filter module ({@code postern-filtered}): false where the filter has nothing new to
     * show, which keeps a full run's time down.
     */
    default boolean throughFilteredTargets() {
        return true;
    }

    /** Runs once through {@code target}; the figures it measured. */
    List<Sample> run(RunningTarget target, int repetition) throws Exception;
}
