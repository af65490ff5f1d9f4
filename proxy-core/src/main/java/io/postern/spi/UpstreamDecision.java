package io.postern.spi;

import java.util.List;
import java.util.Objects;

/** The answer of an {@link UpstreamSelector}. */
public sealed interface UpstreamDecision {

    static UpstreamDecision declined() {
        return Declined.INSTANCE;
    }

    static UpstreamDecision selected(UpstreamAddress first, UpstreamAddress... fallbacks) {
        return new Selected(java.util.stream.Stream.concat(java.util.stream.Stream.of(first),
                java.util.Arrays.stream(fallbacks)).toList());
    }

    /** "Not mine": the next selector is asked. */
    enum Declined implements UpstreamDecision {
        INSTANCE
    }

    /**
     * Connect to the first candidate; when the connection cannot be made, try the next.
     *
     * @param candidates at least one
     */
    record Selected(List<UpstreamAddress> candidates) implements UpstreamDecision {
        public Selected {
            candidates = List.copyOf(candidates);
            if (candidates.isEmpty()) {
                throw new IllegalArgumentException("candidates: empty (expected: at least one upstream)");
            }
        }
    }

    /**
     * The selector could not choose; the client gets the temporary-failure answer.
     *
     * @param reason for the error log
     */
    record Failed(String reason) implements UpstreamDecision {
        public Failed {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
