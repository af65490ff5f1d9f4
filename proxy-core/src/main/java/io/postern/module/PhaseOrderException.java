package io.postern.module;

import java.util.Objects;

/**
 * The {@code phases} block names a handler no module registered, or one twice. Carries the
 * phase's key so that the error can be reported at the line of {@code phases.<key>}.
 */
public final class PhaseOrderException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String phaseKey;

    PhaseOrderException(String phaseKey, String message) {
        super(message);
        this.phaseKey = Objects.requireNonNull(phaseKey, "phaseKey");
    }

    /** The phase whose list is wrong: {@code auth}, {@code imap_filter}, … */
    public String phaseKey() {
        return phaseKey;
    }
}
