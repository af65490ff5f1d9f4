package io.postern.logging;

import java.util.Locale;
import java.util.Optional;
import org.slf4j.event.Level;

/**
 * nginx's log levels, each with the SLF4J level it is written at: nginx has eight, SLF4J five
 * (trace unused), so {@code notice} reads as info and {@code crit}, {@code alert} and
 * {@code emerg} as error.
 */
public enum NginxLevel {
    DEBUG(Level.DEBUG), INFO(Level.INFO), NOTICE(Level.INFO), WARN(Level.WARN), ERROR(Level.ERROR),
    CRIT(Level.ERROR), ALERT(Level.ERROR), EMERG(Level.ERROR);

    private final Level slf4j;

    NginxLevel(Level slf4j) {
        this.slf4j = slf4j;
    }

    /** The SLF4J level of this nginx level. */
    public Level slf4j() {
        return slf4j;
    }

    static Optional<NginxLevel> find(String name) {
        for (NginxLevel level : values()) {
            if (level.name().equals(name.toUpperCase(Locale.ROOT))) {
                return Optional.of(level);
            }
        }
        return Optional.empty();
    }
}
