package io.postern.rewrite.config;

import static io.postern.rewrite.config.RuleReader.keys;
import static io.postern.rewrite.config.RuleReader.quote;

import io.postern.rewrite.rule.Audience;
import io.postern.rewrite.rule.TextRewrite;
import io.postern.rewrite.smtp.AddressRule;
import io.postern.rewrite.smtp.RecipientLimit;
import io.postern.rewrite.smtp.SmtpDenyRule;
import io.postern.rewrite.smtp.SmtpRules;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads {@code rewrite.smtp}: deny, capabilities, addresses, recipients, regex. */
final class SmtpSection {

    static final List<String> KEYS = List.of("deny", "capabilities", "addresses", "recipients", "regex");

    private static final Pattern DOMAIN = Pattern.compile("[A-Za-z0-9_.-]+|\\[[^\\[\\]\\s]+\\]");
    private static final Set<String> ADDRESS_COMMANDS = Set.of("MAIL", "RCPT");

    private final RuleReader reader;

    SmtpSection(RuleReader reader) {
        this.reader = reader;
    }

    SmtpRules read(Node smtp) {
        smtp.allowOnly(KEYS);
        return new SmtpRules(RuleReader.each(smtp, "deny", this::deny),
                RuleReader.each(smtp, "capabilities", named -> reader.capabilities(named, false)),
                RuleReader.each(smtp, "addresses", this::addresses),
                RuleReader.each(smtp, "recipients", this::recipients),
                RuleReader.each(smtp, "regex", reader::lineRegex));
    }

    private Optional<SmtpDenyRule> deny(Node.Named named) {
        Node rule = named.node();
        rule.allowOnly(keys("commands", "arguments", "address", "code", "answer"));
        Set<String> commands = reader.verbs(rule, "commands");
        Optional<Pattern> arguments = rule.regex("arguments");
        Optional<Pattern> address = rule.regex("address");
        if (!rule.has("commands") && !rule.has("arguments") && !rule.has("address")) {
            rule.missing("commands", "at least one of commands, arguments, address");
        }
        int code = reader.refusingCode(rule, "code", 550);
        String text = reader.text(rule, "answer", code < 500 ? "4.7.1 Not allowed now" : "5.7.1 Not allowed");
        Audience audience = reader.audience(rule);
        return reader.enabled(rule)
                ? Optional.of(new SmtpDenyRule(named.name(), audience, commands, arguments, address, code, text))
                : Optional.empty();
    }

    private Optional<AddressRule> addresses(Node.Named named) {
        Node rule = named.node();
        rule.allowOnly(keys("commands", "domains", "match", "replace"));
        Set<String> commands = reader.verbs(rule, "commands");
        if (!ADDRESS_COMMANDS.containsAll(commands)) {
            rule.problem("commands", quote(String.join(", ", commands)) + " (expected: MAIL, RCPT or both)");
        }
        Map<String, String> domains = new LinkedHashMap<>();
        Optional<Node> block = rule.block("domains");
        for (Map.Entry<String, String> e : rule.strings("domains").entrySet()) {
            if (!DOMAIN.matcher(e.getKey()).matches() || !DOMAIN.matcher(e.getValue()).matches()) {
                block.get().problem(e.getKey(), quote(e.getKey()) + " = " + quote(e.getValue())
                        + " (expected: an old domain = a new domain, such as \"old.example\" = \"new.example\")");
            } else {
                domains.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue());
            }
        }
        Optional<TextRewrite> rewrite = Optional.empty();
        if (rule.has("match") || rule.has("replace")) {
            rewrite = reader.rewrite(rule);
        } else if (!rule.has("domains")) {
            rule.missing("domains", "domains { \"old.example\" = \"new.example\" }, or match and replace");
        }
        Audience audience = reader.audience(rule);
        if (!reader.enabled(rule) || (rule.has("match") || rule.has("replace")) && rewrite.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new AddressRule(named.name(), audience, commands.isEmpty() ? ADDRESS_COMMANDS : commands,
                domains, rewrite));
    }

    private Optional<RecipientLimit> recipients(Node.Named named) {
        Node rule = named.node();
        rule.allowOnly(keys("max", "code", "answer"));
        OptionalLong max = rule.integer("max", 1, 100_000);
        if (!rule.has("max")) {
            rule.missing("max", "the most recipients a message may have, such as 100");
        }
        int code = reader.refusingCode(rule, "code", 452);
        String text = reader.text(rule, "answer", "4.5.3 Too many recipients");
        Audience audience = reader.audience(rule);
        if (max.isEmpty() || !reader.enabled(rule)) {
            return Optional.empty();
        }
        return Optional.of(new RecipientLimit(named.name(), audience, (int) max.getAsLong(), code, text));
    }
}
