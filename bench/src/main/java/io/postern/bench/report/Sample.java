package io.postern.bench.report;

import java.util.Objects;

/**
 * One figure measured once: one metric of one scenario variant through one target, in one
 * repetition.
 *
 * @param scenario e.g. {@code login}
 * @param variant the scenario's parameters that tell its rows apart, e.g. {@code 50 clients}
 * @param target {@code direct}, {@code postern}, {@code nginx}, ...
 * @param metric the figure's name, e.g. {@code sessions/s}
 * @param betterHigher whether a larger value is better (rates) or worse (latency, memory)
 * @param repetition from 1
 * @param value the figure
 */
public record Sample(String scenario, String variant, String target, String metric, boolean betterHigher,
                     int repetition, double value) {

    public Sample {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(metric, "metric");
        if (repetition < 1) {
            throw new IllegalArgumentException("repetition: " + repetition + " (expected: >= 1)");
        }
    }
}
