package io.postern.rewrite.config;

import io.postern.rewrite.rule.Audience;
import io.postern.rewrite.rule.CapabilityEdit;
import io.postern.rewrite.rule.Glob;
import io.postern.rewrite.rule.LineRegexRule;
import io.postern.rewrite.rule.TextRewrite;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** What every rule block has (whom it is for, whether it is on) and the rule kinds all protocols share. */
final class RuleReader {

    /** The keys every rule may have. */
    static final List<String> COMMON = List.of("users", "groups", "servers", "enabled");

    private static final Pattern VERB = Pattern.compile("[A-Za-z][A-Za-z0-9-]*( [A-Za-z][A-Za-z0-9-]*)?");

    private final List<String> serverNames;

    RuleReader(List<String> serverNames) {
        this.serverNames = List.copyOf(serverNames);
    }

    /** The keys of a rule kind followed by {@link #COMMON}. */
    static List<String> keys(String... own) {
        List<String> keys = new ArrayList<>(List.of(own));
        keys.addAll(COMMON);
        return keys;
    }

    /** {@code enabled = off} turns a rule off, e.g. a mail-level rule in one server's block. */
    boolean enabled(Node rule) {
        return rule.flag("enabled", true);
    }

    Audience audience(Node rule) {
        List<Glob> users = new ArrayList<>();
        for (String user : rule.words("users")) {
            if (user.isEmpty()) {
                rule.problem("users", "\"\" (expected: logins such as alice@example.com or *@example.com)");
            } else {
                users.add(Glob.of(user));
            }
        }
        Set<String> servers = new LinkedHashSet<>();
        for (String server : rule.words("servers")) {
            if (!serverNames.contains(server)) {
                rule.problem("servers", quote(server) + " (expected: the name of a server block: "
                        + String.join(", ", serverNames) + ")");
            }
            servers.add(server);
        }
        return new Audience(users, Set.copyOf(rule.words("groups")), servers);
    }

    /** Command names, upper case; IMAP's UID commands are two words ({@code "UID EXPUNGE"}). */
    Set<String> verbs(Node rule, String key) {
        Set<String> verbs = new LinkedHashSet<>();
        for (String verb : rule.words(key)) {
            if (!VERB.matcher(verb).matches()) {
                rule.problem(key, quote(verb) + " (expected: command names such as DELETE or \"UID EXPUNGE\")");
            } else {
                verbs.add(verb.toUpperCase(Locale.ROOT));
            }
        }
        return verbs;
    }

    /** A text sent to a client: one line, not empty. */
    String text(Node rule, String key, String byDefault) {
        String text = rule.string(key).orElse(byDefault);
        if (text.isBlank() || text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\0') >= 0) {
            rule.problem(key, quote(text) + " (expected: a text of one line)");
            return byDefault;
        }
        return text;
    }

    /** An SMTP reply code that refuses: 400 to 599. */
    int refusingCode(Node rule, String key, int byDefault) {
        return (int) rule.integer(key, 400, 599).orElse(byDefault);
    }

    /** {@code match} and {@code replace}, both required, the replacement checked against the expression. */
    Optional<TextRewrite> rewrite(Node rule) {
        Optional<Pattern> match = rule.regex("match");
        Optional<String> replace = rule.string("replace");
        if (!rule.has("match")) {
            rule.missing("match", "a regular expression");
        }
        if (!rule.has("replace")) {
            rule.missing("replace", "the replacement, with $1 for a capture");
        }
        if (match.isEmpty() || replace.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> wrong = TextRewrite.check(match.get(), replace.get());
        if (wrong.isPresent()) {
            rule.problem("replace", quote(replace.get()) + " (expected: a replacement for " + quote(match.get().pattern())
                    + ": " + wrong.get() + ")");
            return Optional.empty();
        }
        return Optional.of(new TextRewrite(match.get(), replace.get()));
    }

    /** {@code target = command | response}: whether the rule rewrites responses. */
    boolean responses(Node rule) {
        String target = rule.string("target").orElse("command");
        if (!target.equals("command") && !target.equals("response")) {
            rule.problem("target", quote(target) + " (expected: command or response)");
        }
        return target.equals("response");
    }

    /**
     * A {@code capabilities} rule.
     *
     * @param words whether each capability is one word (IMAP); POP3 CAPA lines and SMTP EHLO
     *     keywords may carry parameters ({@code "SIZE 10240000"})
     */
    Optional<CapabilityEdit> capabilities(Node.Named named, boolean words) {
        Node rule = named.node();
        rule.allowOnly(keys("remove", "add"));
        List<Glob> remove = rule.words("remove").stream().map(Glob::of).toList();
        List<String> add = new ArrayList<>();
        for (String capability : rule.words("add")) {
            boolean bad = capability.isBlank() || capability.chars().anyMatch(c -> c < 0x20 || c > 0x7e)
                    || words && capability.indexOf(' ') >= 0 || capability.indexOf('*') >= 0;
            if (bad) {
                rule.problem("add", quote(capability) + (words ? " (expected: capability names without spaces)"
                        : " (expected: capability lines of printable ASCII)"));
            } else {
                add.add(capability);
            }
        }
        if (!rule.has("remove") && !rule.has("add")) {
            rule.missing("remove", "capabilities to remove or to add");
        }
        Audience audience = audience(rule);
        return enabled(rule) ? Optional.of(new CapabilityEdit(named.name(), audience, remove, add)) : Optional.empty();
    }

    /** A {@code regex} rule of POP3 or SMTP. */
    Optional<LineRegexRule> lineRegex(Node.Named named) {
        Node rule = named.node();
        rule.allowOnly(keys("target", "commands", "match", "replace"));
        boolean responses = responses(rule);
        Set<String> commands = verbs(rule, "commands");
        Optional<TextRewrite> rewrite = rewrite(rule);
        Audience audience = audience(rule);
        if (rewrite.isEmpty() || !enabled(rule)) {
            return Optional.empty();
        }
        return Optional.of(new LineRegexRule(named.name(), audience, responses, commands, rewrite.get()));
    }

    /** Reads each named block of {@code section.key} with {@code reader}, keeping the rules that are on. */
    static <T> List<T> each(Node section, String key, java.util.function.Function<Node.Named, Optional<T>> reader) {
        List<T> rules = new ArrayList<>();
        for (Node.Named named : section.namedBlocks(key)) {
            reader.apply(named).ifPresent(rules::add);
        }
        return List.copyOf(rules);
    }

    static String quote(String text) {
        return com.typesafe.config.ConfigUtil.quoteString(text);
    }
}
