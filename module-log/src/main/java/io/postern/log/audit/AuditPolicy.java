package io.postern.log.audit;

import io.postern.spi.SessionInfo;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whom one server audits, and where: {@code audit_log} (the files; none is {@code off}),
 * narrowed by {@code audit_log_users} and {@code audit_log_groups}. With neither list, every
 * session of the server is audited; with either, a session is audited when its login is one
 * of the users or the auth attribute {@code audit_log_group_attribute} names one of the groups.
 *
 * @param targets where the lines go; empty when the server is not audited
 * @param users logins, lower case
 * @param groups group names, lower case
 * @param groupAttribute the auth decision's attribute that holds a user's groups
 */
public record AuditPolicy(List<AuditTarget> targets, Set<String> users, Set<String> groups, String groupAttribute) {

    /** The policy of a server with {@code audit_log = off}. */
    public static final AuditPolicy OFF = new AuditPolicy(List.of(), Set.of(), Set.of(), "group");

    public AuditPolicy {
        targets = List.copyOf(targets);
        users = lowerCase(users);
        groups = lowerCase(groups);
        Objects.requireNonNull(groupAttribute, "groupAttribute");
    }

    /** Whether the server writes an audit log at all. */
    public boolean enabled() {
        return !targets.isEmpty();
    }

    /**
     * Whether {@code session}, which has just logged in, is audited. Logins and groups are
     * compared without case; the attribute may name several groups, separated by commas or
     * spaces ({@code "staff, legal"}).
     */
    public boolean audits(SessionInfo session) {
        if (!enabled()) {
            return false;
        }
        if (users.isEmpty() && groups.isEmpty()) {
            return true;
        }
        String login = session.login().orElse("").toLowerCase(Locale.ROOT);
        if (users.contains(login)) {
            return true;
        }
        String attribute = session.authAttributes().get(groupAttribute);
        if (attribute == null || groups.isEmpty()) {
            return false;
        }
        for (String group : attribute.toLowerCase(Locale.ROOT).split("[,\\s]+")) {
            if (groups.contains(group)) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> lowerCase(Set<String> words) {
        return words.stream().map(w -> w.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }
}
