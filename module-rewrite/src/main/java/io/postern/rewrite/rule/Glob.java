package io.postern.rewrite.rule;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A word with {@code *} standing for any run of characters, compared without case:
 * {@code *@legacy.example}, {@code AUTH=*}, {@code X-*}.
 */
public final class Glob {

    private final String text;
    private final Pattern pattern;

    private Glob(String text) {
        this.text = Objects.requireNonNull(text, "text");
        this.pattern = Pattern.compile(toRegex(text), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
    }

    public static Glob of(String text) {
        return new Glob(text);
    }

    private static String toRegex(String text) {
        StringBuilder regex = new StringBuilder();
        String[] parts = text.split("\\*", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                regex.append(".*");
            }
            if (!parts[i].isEmpty()) {
                regex.append(Pattern.quote(parts[i]));
            }
        }
        return regex.toString();
    }

    public boolean matches(String candidate) {
        return pattern.matcher(candidate).matches();
    }

    public String text() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Glob other && text.toLowerCase(Locale.ROOT).equals(other.text.toLowerCase(Locale.ROOT));
    }

    @Override
    public int hashCode() {
        return text.toLowerCase(Locale.ROOT).hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
