package io.postern.rewrite.rule;

import io.postern.spi.SessionInfo;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whom a session's rules are chosen for: the login the client gave, its groups (from an auth
 * attribute) and the server block it reached.
 *
 * @param login the client's login, empty when unknown
 * @param groups the groups, lower case
 * @param server the server block's name
 */
public record Who(String login, Set<String> groups, String server) {

    public Who {
        Objects.requireNonNull(login, "login");
        groups = Set.copyOf(groups);
        Objects.requireNonNull(server, "server");
    }

    /**
     * The facts of a logged-in session. The groups are the value of {@code groupAttribute},
     * split at commas and white space ({@code "staff, readonly"}).
     */
    public static Who of(SessionInfo session, String groupAttribute) {
        String value = session.authAttributes().getOrDefault(groupAttribute, "");
        Set<String> groups = Arrays.stream(value.split("[,\\s]+"))
                .filter(g -> !g.isEmpty())
                .map(g -> g.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        return new Who(session.login().orElse(""), groups, session.server().name());
    }
}
