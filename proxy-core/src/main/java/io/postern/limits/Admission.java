package io.postern.limits;

import io.postern.spi.Refusal;
import java.util.Objects;

/** The answer of {@link ConnectionLimits}: in, holding a {@link Lease}, or refused and why. */
public sealed interface Admission {

    /** Let in; the counts it took are given back by closing {@code lease}, exactly once. */
    record Admitted(Lease lease) implements Admission {
        public Admitted {
            Objects.requireNonNull(lease, "lease");
        }
    }

    /** Refused: nothing was counted. */
    record Refused(Refusal refusal) implements Admission {
        public Refused {
            Objects.requireNonNull(refusal, "refusal");
        }
    }
}
