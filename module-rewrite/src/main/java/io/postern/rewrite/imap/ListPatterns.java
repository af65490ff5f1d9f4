package io.postern.rewrite.imap;

import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * LIST and LSUB patterns across a translation of names. A pattern's literal part up to its
 * last hierarchy separator before the first wildcard ({@code Sent/} in {@code Sent/%}) names
 * a mailbox, which is translated; the rest keeps its wildcards, with the separator translated.
 * When that literal part is empty ({@code *}, {@code %}, {@code Se%}) or an explicitly mapped
 * name lies below it, the server could hold the matching names anywhere: the server is asked
 * for {@code *} and the session drops the names that do not match the client's pattern
 * ({@link #matcher}).
 */
final class ListPatterns {

    private ListPatterns() {
    }

    /** The server's pattern for the client's whole pattern (reference and pattern joined). */
    static String toServer(String pattern, MailboxNames names) {
        int wildcard = firstWildcard(pattern);
        if (wildcard < 0) {
            return names.toServer(pattern);
        }
        String cs = names.clientSeparator();
        if (cs.isEmpty()) {
            return "*"; // a flat hierarchy: a mapped name may match anywhere
        }
        int end = pattern.lastIndexOf(cs, wildcard - 1);
        if (end <= 0) {
            return "*";
        }
        String directory = pattern.substring(0, end);
        if (names.mapsBelow(directory)) {
            return "*";
        }
        String rest = pattern.substring(end + cs.length());
        String ss = names.serverSeparator();
        return names.toServer(directory) + ss + (cs.equals(ss) ? rest : rest.replace(cs, ss));
    }

    /**
     * Which client names the client's pattern matches: {@code *} matches anything,
     * {@code %} anything but the separator (anything in a flat hierarchy, {@code separator}
     * ""), a leading INBOX any case (RFC 3501 6.3.8).
     */
    static Predicate<String> matcher(String pattern, String separator) {
        StringBuilder regex = new StringBuilder();
        int from = 0;
        if (pattern.regionMatches(true, 0, "INBOX", 0, 5)
                && (pattern.length() == 5 || !separator.isEmpty() && pattern.startsWith(separator, 5))) {
            regex.append("(?i:INBOX)");
            from = 5;
        }
        StringBuilder literal = new StringBuilder();
        for (int i = from; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*' || c == '%') {
                regex.append(Pattern.quote(literal.toString()));
                literal.setLength(0);
                regex.append(c == '*' || separator.isEmpty() ? ".*" : "(?:(?!" + Pattern.quote(separator) + ").)*");
            } else {
                literal.append(c);
            }
        }
        regex.append(Pattern.quote(literal.toString()));
        Pattern compiled = Pattern.compile(regex.toString(), Pattern.DOTALL);
        return name -> compiled.matcher(name).matches();
    }

    static int firstWildcard(String pattern) {
        int star = pattern.indexOf('*');
        int percent = pattern.indexOf('%');
        if (star < 0) {
            return percent;
        }
        return percent < 0 ? star : Math.min(star, percent);
    }
}
