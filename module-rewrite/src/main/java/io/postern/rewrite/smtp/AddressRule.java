package io.postern.rewrite.smtp;

import io.postern.rewrite.rule.Audience;
import io.postern.rewrite.rule.Rule;
import io.postern.rewrite.rule.TextRewrite;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An {@code addresses} rule: the path of {@code MAIL FROM} and {@code RCPT TO} rewritten, by
 * domain ({@code "old.example" = "new.example"}: {@code a@old.example} becomes
 * {@code a@new.example}, compared without case) and then by a regular expression. The null
 * sender {@code <>} is never rewritten.
 *
 * @param commands {@code MAIL}, {@code RCPT} or both
 * @param domains old domain (lower case) to new domain
 */
public record AddressRule(String name, Audience audience, Set<String> commands, Map<String, String> domains,
                          Optional<TextRewrite> rewrite) implements Rule {

    public AddressRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(audience, "audience");
        commands = Set.copyOf(commands);
        domains = Map.copyOf(domains);
        Objects.requireNonNull(rewrite, "rewrite");
    }

    /** {@code path} rewritten; the same instance when the rule does not change it. */
    String apply(String path) {
        if (path.isEmpty()) {
            return path;
        }
        String current = path;
        int at = current.lastIndexOf('@');
        if (at >= 0) {
            String domain = domains.get(current.substring(at + 1).toLowerCase(Locale.ROOT));
            if (domain != null) {
                current = current.substring(0, at + 1) + domain;
            }
        }
        return rewrite.isPresent() ? rewrite.get().apply(current) : current;
    }
}
