package io.postern.rewrite.rule;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A regular expression and its replacement, as nginx's {@code rewrite} and {@code sub_filter}:
 * every match in a text is replaced; the replacement names captures as {@code $1} or
 * {@code ${name}} (Java's syntax: {@code \$} is a dollar sign).
 */
public record TextRewrite(Pattern match, String replace) {

    private static final Pattern NAMED_GROUP = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");

    public TextRewrite {
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(replace, "replace");
    }

    /** {@code text} with every match replaced; the same instance when that changes nothing. */
    public String apply(String text) {
        Matcher m = match.matcher(text);
        if (!m.find()) {
            return text;
        }
        String replaced = m.replaceAll(replace);
        return replaced.equals(text) ? text : replaced;
    }

    /** Whether {@code text} holds a match. */
    public boolean finds(String text) {
        return match.matcher(text).find();
    }

    /**
     * What is wrong with {@code replace} for {@code match}, checked once at start-up so that
     * no session meets it: a capture the expression does not have, a lone {@code $} or
     * {@code \} at the end, CR, LF or NUL (which no protocol line may carry).
     */
    public static Optional<String> check(Pattern match, String replace) {
        if (replace.indexOf('\r') >= 0 || replace.indexOf('\n') >= 0 || replace.indexOf('\0') >= 0) {
            return Optional.of("CR, LF and NUL are not allowed");
        }
        int groups = match.matcher("").groupCount();
        for (int i = 0; i < replace.length(); i++) {
            char c = replace.charAt(i);
            if (c == '\\') {
                if (++i == replace.length()) {
                    return Optional.of("a \\ at the end escapes nothing");
                }
            } else if (c == '$') {
                if (++i == replace.length()) {
                    return Optional.of("a $ at the end names no capture (write \\$ for a dollar sign)");
                }
                char next = replace.charAt(i);
                if (next == '{') {
                    int close = replace.indexOf('}', i);
                    String name = close < 0 ? "" : replace.substring(i + 1, close);
                    if (close < 0 || !hasNamedGroup(match, name)) {
                        return Optional.of("no capture named \"" + name + "\" in the expression");
                    }
                    i = close;
                } else if (next >= '0' && next <= '9') {
                    if (next - '0' > groups) {
                        return Optional.of("$" + next + " but the expression has " + groups + " capture"
                                + (groups == 1 ? "" : "s"));
                    }
                } else {
                    return Optional.of("$ must be followed by a capture number or {name} (write \\$ for a dollar sign)");
                }
            }
        }
        return Optional.empty();
    }

    private static boolean hasNamedGroup(Pattern pattern, String name) {
        Matcher m = NAMED_GROUP.matcher(pattern.pattern());
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return true;
            }
        }
        return false;
    }
}
