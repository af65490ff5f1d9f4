package io.postern.auth.users;

import java.security.SecureRandom;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The hash an unknown login's password is checked against, so that a login the file does not
 * know costs what a wrong password for a known user costs, and timing does not tell them apart.
 * It has the scheme and cost most of the file's entries have (ties: the more expensive), and is
 * made once per read of the file, never per login.
 */
final class DummyHash {

    private DummyHash() {
    }

    /** A dummy for {@code users}; for an empty file, a {@code {PLAIN}} one (there is nobody to hide). */
    static PasswordHash forUsers(Collection<UserEntry> users) {
        SecureRandom random = new SecureRandom();
        Map<String, Long> counts = users.stream()
                .collect(Collectors.groupingBy(u -> u.password().cost(), Collectors.counting()));
        return users.stream()
                .min(Comparator.comparing((UserEntry u) -> counts.get(u.password().cost()), Comparator.reverseOrder())
                        .thenComparing(u -> u.password().work(), Comparator.reverseOrder())
                        .thenComparingInt(UserEntry::line))
                .map(u -> u.password().dummy(random))
                .orElseGet(() -> new PasswordHash.Plain("x").dummy(random));
    }
}
