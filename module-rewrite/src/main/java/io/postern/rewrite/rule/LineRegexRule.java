package io.postern.rewrite.rule;

import java.util.Objects;
import java.util.Set;

/**
 * A {@code regex} rule of POP3 or SMTP: a regular expression replaced in command arguments,
 * or in the lines of the answers to some commands.
 *
 * @param responses whether the rule rewrites answers rather than commands
 * @param commands the verbs whose commands (or whose answers) it rewrites; empty for all
 */
public record LineRegexRule(String name, Audience audience, boolean responses, Set<String> commands,
                            TextRewrite rewrite) implements Rule {

    public LineRegexRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(audience, "audience");
        commands = Set.copyOf(commands);
        Objects.requireNonNull(rewrite, "rewrite");
    }

    /** Whether the rule rewrites commands with {@code verb} (or, for a response rule, their answers). */
    public boolean appliesTo(String verb, boolean response) {
        return responses == response && (commands.isEmpty() || commands.contains(verb));
    }
}
