package io.postern.rewrite.config;

import static io.postern.rewrite.config.RuleReader.keys;

import io.postern.rewrite.pop3.Pop3DenyRule;
import io.postern.rewrite.pop3.Pop3Rules;
import io.postern.rewrite.rule.Audience;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads {@code rewrite.pop3}: deny, capabilities, regex. */
final class Pop3Section {

    static final List<String> KEYS = List.of("deny", "capabilities", "regex");

    private final RuleReader reader;

    Pop3Section(RuleReader reader) {
        this.reader = reader;
    }

    Pop3Rules read(Node pop3) {
        pop3.allowOnly(KEYS);
        return new Pop3Rules(RuleReader.each(pop3, "deny", this::deny),
                RuleReader.each(pop3, "capabilities", named -> reader.capabilities(named, false)),
                RuleReader.each(pop3, "regex", reader::lineRegex));
    }

    private Optional<Pop3DenyRule> deny(Node.Named named) {
        Node rule = named.node();
        rule.allowOnly(keys("commands", "arguments", "answer"));
        Set<String> commands = reader.verbs(rule, "commands");
        Optional<Pattern> arguments = rule.regex("arguments");
        if (!rule.has("commands") && !rule.has("arguments")) {
            rule.missing("commands", "at least one of commands, arguments");
        }
        String text = reader.text(rule, "answer", "Not allowed");
        Audience audience = reader.audience(rule);
        return reader.enabled(rule) ? Optional.of(new Pop3DenyRule(named.name(), audience, commands, arguments, text))
                : Optional.empty();
    }
}
