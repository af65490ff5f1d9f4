package io.postern.rewrite.config;

import static io.postern.rewrite.config.RuleReader.keys;
import static io.postern.rewrite.config.RuleReader.quote;

import io.postern.rewrite.imap.ImapDenyRule;
import io.postern.rewrite.imap.ImapRegexRule;
import io.postern.rewrite.imap.ImapRules;
import io.postern.rewrite.imap.MailboxMap;
import io.postern.rewrite.imap.NamespaceRule;
import io.postern.rewrite.imap.NoExpungeRule;
import io.postern.rewrite.rule.Audience;
import io.postern.rewrite.rule.TextRewrite;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code rewrite.imap}: mailboxes, namespace, deny, no_expunge, capabilities, regex. */
final class ImapSection {

    static final List<String> KEYS = List.of("mailboxes", "namespace", "deny", "no_expunge", "capabilities", "regex");

    /** {@code [CODE] text}: an answer's response code and text. */
    private static final Pattern ANSWER = Pattern.compile("(?:\\[([^\\[\\]]+)\\] ?)?(.*)");
    private static final String DEFAULT_ANSWER = "[NOPERM] Not allowed";
    private static final String NO_EXPUNGE_ANSWER = "[NOPERM] Messages cannot be removed here";
    private static final long MAX_LITERAL_LIMIT = 64L << 20;

    private final RuleReader reader;

    ImapSection(RuleReader reader) {
        this.reader = reader;
    }

    ImapRules read(Node imap) {
        imap.allowOnly(KEYS);
        return new ImapRules(RuleReader.each(imap, "mailboxes", this::mailboxes),
                RuleReader.each(imap, "namespace", this::namespace),
                RuleReader.each(imap, "deny", this::deny),
                RuleReader.each(imap, "no_expunge", this::noExpunge),
                RuleReader.each(imap, "capabilities", named -> reader.capabilities(named, true)),
                RuleReader.each(imap, "regex", this::regex));
    }

    private Optional<MailboxMap> mailboxes(Node.Named named) {
        Node rule = named.node();
        rule.allowOnly(keys("map", "separator"));
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, String> servers = new HashMap<>();
        Optional<Node> map = rule.block("map");
        for (Map.Entry<String, String> e : rule.strings("map").entrySet()) {
            String client = e.getKey();
            String server = e.getValue();
            String problem = badName(client).or(() -> badName(server))
                    .or(() -> client.equalsIgnoreCase("INBOX") || server.equalsIgnoreCase("INBOX")
                            ? Optional.of("INBOX stays INBOX") : Optional.empty())
                    .or(() -> servers.containsKey(server)
                            ? Optional.of("the server name is already mapped from " + quote(servers.get(server)))
                            : Optional.empty())
                    .orElse(null);
            if (problem != null) {
                map.get().problem(client, quote(client) + " = " + quote(server) + " (expected: "
                        + "a client name = a server name, each without * % CR LF; " + problem + ")");
            } else {
                names.put(client, server);
                servers.put(server, client);
            }
        }
        if (!rule.has("map")) {
            rule.missing("map", "a block of client name = server name, such as Sent = \"INBOX.Sent\"");
        }
        Optional<String> separator = rule.string("separator").filter(s -> checkSeparator(rule, "separator", s));
        Audience audience = reader.audience(rule);
        return reader.enabled(rule) ? Optional.of(new MailboxMap(named.name(), audience, names, separator))
                : Optional.empty();
    }

    private Optional<NamespaceRule> namespace(Node.Named named) {
        Node rule = named.node();
        rule.allowOnly(keys("prefix", "separator", "client_prefix", "client_separator", "passthrough"));
        if (!rule.has("separator")) {
            rule.missing("separator", "the server's hierarchy separator, such as \".\"");
        }
        String separator = rule.string("separator").filter(s -> checkSeparator(rule, "separator", s)).orElse(".");
        String clientSeparator = rule.string("client_separator")
                .filter(s -> checkSeparator(rule, "client_separator", s)).orElse(separator);
        String prefix = prefix(rule, "prefix", separator);
        String clientPrefix = prefix(rule, "client_prefix", clientSeparator);
        List<String> passthrough = rule.words("passthrough");
        if (passthrough.stream().anyMatch(String::isEmpty)) {
            rule.problem("passthrough", "\"\" (expected: prefixes of other namespaces, such as \"shared.\")");
        }
        Audience audience = reader.audience(rule);
        return reader.enabled(rule) ? Optional.of(new NamespaceRule(named.name(), audience, prefix, separator,
                clientPrefix, clientSeparator, passthrough.stream().filter(p -> !p.isEmpty()).toList()))
                : Optional.empty();
    }

    private Optional<ImapDenyRule> deny(Node.Named named) {
        Node rule = named.node();
        rule.allowOnly(keys("commands", "mailboxes", "arguments", "larger_than", "answer"));
        Set<String> commands = reader.verbs(rule, "commands");
        List<String> mailboxes = rule.words("mailboxes");
        mailboxes.stream().filter(m -> m.isEmpty() || badName(m.replace("*", "x").replace("%", "x")).isPresent())
                .forEach(m -> rule.problem("mailboxes", quote(m) + " (expected: mailbox names or patterns with * and %)"));
        Optional<Pattern> arguments = rule.regex("arguments");
        OptionalLong largerThan = rule.size("larger_than");
        if (!rule.has("commands") && !rule.has("mailboxes") && !rule.has("arguments") && !rule.has("larger_than")) {
            rule.missing("commands", "at least one of commands, mailboxes, arguments, larger_than");
        }
        Matcher answer = ANSWER.matcher(reader.text(rule, "answer", DEFAULT_ANSWER));
        answer.matches();
        if (answer.group(2).isBlank()) {
            rule.problem("answer", quote(answer.group()) + " (expected: [CODE] and a text, such as \"" + DEFAULT_ANSWER + "\")");
        }
        Audience audience = reader.audience(rule);
        if (!reader.enabled(rule)) {
            return Optional.empty();
        }
        return Optional.of(new ImapDenyRule(named.name(), audience, commands, mailboxes, arguments, largerThan,
                Optional.ofNullable(answer.group(1)), answer.group(2)));
    }

    private Optional<NoExpungeRule> noExpunge(Node.Named named) {
        Node rule = named.node();
        rule.allowOnly(keys("answer"));
        Matcher answer = ANSWER.matcher(reader.text(rule, "answer", NO_EXPUNGE_ANSWER));
        answer.matches();
        if (answer.group(2).isBlank()) {
            rule.problem("answer", quote(answer.group()) + " (expected: [CODE] and a text, such as \""
                    + NO_EXPUNGE_ANSWER + "\")");
        }
        Audience audience = reader.audience(rule);
        return reader.enabled(rule)
                ? Optional.of(new NoExpungeRule(named.name(), audience, Optional.ofNullable(answer.group(1)),
                        answer.group(2)))
                : Optional.empty();
    }

    private Optional<ImapRegexRule> regex(Node.Named named) {
        Node rule = named.node();
        rule.allowOnly(keys("target", "commands", "responses", "match", "replace", "in_literals", "literal_limit"));
        boolean responses = reader.responses(rule);
        if (responses && rule.has("commands")) {
            rule.problem("commands", "(expected: responses = [...] for a rule with target = response)");
        }
        if (!responses && rule.has("responses")) {
            rule.problem("responses", "(expected: commands = [...] for a rule with target = command)");
        }
        Set<String> names = responses ? responseNames(rule) : reader.verbs(rule, "commands");
        Optional<TextRewrite> rewrite = reader.rewrite(rule);
        boolean inLiterals = rule.flag("in_literals", false);
        long literalLimit = rule.size("literal_limit").orElse(64 << 10);
        if (literalLimit < 1 || literalLimit > MAX_LITERAL_LIMIT) {
            rule.problem("literal_limit", literalLimit + " (expected: 1 to 64m)");
        }
        Audience audience = reader.audience(rule);
        if (rewrite.isEmpty() || !reader.enabled(rule)) {
            return Optional.empty();
        }
        return Optional.of(new ImapRegexRule(named.name(), audience, responses, names, rewrite.get(), inLiterals,
                (int) Math.min(literalLimit, MAX_LITERAL_LIMIT)));
    }

    /** {@code OK}, {@code NO}, {@code BAD}, {@code BYE}, {@code PREAUTH}, a data name ({@code LIST}), {@code +}. */
    private static Set<String> responseNames(Node rule) {
        Set<String> names = new java.util.LinkedHashSet<>();
        for (String name : rule.words("responses")) {
            if (name.equals("+") || name.matches("[A-Za-z][A-Za-z0-9-]*")) {
                names.add(name.toUpperCase(java.util.Locale.ROOT));
            } else {
                rule.problem("responses", quote(name) + " (expected: OK, NO, BAD, BYE, PREAUTH, a response name such as "
                        + "LIST, or + for continuations)");
            }
        }
        return names;
    }

    private static Optional<String> badName(String name) {
        if (name.isEmpty()) {
            return Optional.of("a name is not empty");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '*' || c == '%' || c == '\r' || c == '\n' || c == 0) {
                return Optional.of("no * % CR LF NUL in a name");
            }
        }
        return Optional.empty();
    }

    private static boolean checkSeparator(Node rule, String key, String separator) {
        boolean ok = separator.length() == 1 && separator.charAt(0) > 0x20 && separator.charAt(0) < 0x7f
                && "*%\"\\".indexOf(separator.charAt(0)) < 0;
        if (!ok) {
            rule.problem(key, quote(separator) + " (expected: one character such as \".\" or \"/\")");
        }
        return ok;
    }

    private static String prefix(Node rule, String key, String separator) {
        String prefix = rule.string(key).orElse("");
        if (!prefix.isEmpty() && (!prefix.endsWith(separator) || badName(prefix).isPresent())) {
            rule.problem(key, quote(prefix) + " (expected: empty, or a prefix ending with the separator "
                    + quote(separator) + ", such as \"INBOX" + separator + "\")");
            return "";
        }
        return prefix;
    }
}
