package io.postern.bench.scenario;

import io.postern.bench.report.Sample;
import java.util.ArrayList;
import java.util.List;

/** Collects one scenario run's figures, each as a {@link Sample} of its scenario, variant, target and repetition. */
final class Samples {

    private final Scenario scenario;
    private final String target;
    private final int repetition;
    private final List<Sample> samples = new ArrayList<>();

    Samples(Scenario scenario, String target, int repetition) {
        this.scenario = scenario;
        this.target = target;
        this.repetition = repetition;
    }

    Samples higherBetter(String metric, double value) {
        samples.add(new Sample(scenario.name(), scenario.variant(), target, metric, true, repetition, value));
        return this;
    }

    Samples lowerBetter(String metric, double value) {
        samples.add(new Sample(scenario.name(), scenario.variant(), target, metric, false, repetition, value));
        return this;
    }

    List<Sample> list() {
        return List.copyOf(samples);
    }
}
