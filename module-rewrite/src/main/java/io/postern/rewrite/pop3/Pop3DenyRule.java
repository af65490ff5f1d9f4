package io.postern.rewrite.pop3;

import io.postern.rewrite.rule.Audience;
import io.postern.rewrite.rule.Rule;
import io.postern.spi.pop3.Pop3Command;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A {@code deny} rule of POP3: commands answered {@code -ERR text} without reaching the server
 * ({@code DELE} for a read-only group).
 *
 * @param commands the verbs refused; empty for any
 * @param arguments a regular expression found in the arguments joined by spaces; empty for any
 */
public record Pop3DenyRule(String name, Audience audience, Set<String> commands, Optional<Pattern> arguments,
                           String text) implements Rule {

    public Pop3DenyRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(audience, "audience");
        commands = Set.copyOf(commands);
        Objects.requireNonNull(arguments, "arguments");
        Objects.requireNonNull(text, "text");
    }

    boolean refuses(Pop3Command command) {
        return (commands.isEmpty() || commands.contains(command.verb()))
                && arguments.map(p -> p.matcher(String.join(" ", command.args())).find()).orElse(true);
    }
}
