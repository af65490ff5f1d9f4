package io.postern.rewrite.rule;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Whom a rule is for: logins (globs, {@code *@example.com}), groups and server blocks. An
 * empty list does not limit; a rule with several lists applies when each of them matches.
 */
public record Audience(List<Glob> users, Set<String> groups, Set<String> servers) {

    /** Everyone. */
    public static final Audience EVERYONE = new Audience(List.of(), Set.of(), Set.of());

    public Audience {
        users = List.copyOf(users);
        groups = Set.copyOf(groups.stream().map(g -> g.toLowerCase(Locale.ROOT)).toList());
        servers = Set.copyOf(servers);
    }

    public boolean includes(Who who) {
        if (!servers.isEmpty() && !servers.contains(who.server())) {
            return false;
        }
        if (!users.isEmpty() && users.stream().noneMatch(g -> g.matches(who.login()))) {
            return false;
        }
        return groups.isEmpty() || who.groups().stream().anyMatch(groups::contains);
    }
}
