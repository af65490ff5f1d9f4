package io.postern.rewrite.imap;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * LIST and LSUB patterns across a translation of names. A pattern's literal part up to its
 * last hierarchy separator before the first wildcard ({@code Sent/} in {@code Sent/%}) names
 * a directory, whose children's server names are asked for as the translation gives them (the
 * client's {@code INBOX/%} is {@code INBOX.INBOX.%} behind a namespace prefix {@code INBOX.});
 * the rest keeps its wildcards, with the separator translated. When that literal part is
 * empty ({@code *}, {@code %}, {@code Se%}) or an explicitly mapped name lies below it, the
 * server could hold the matching names anywhere: the server is asked for {@code *} and the
 * session drops the names that do not match the client's pattern ({@link #matcher}); with
 * RECURSIVEMATCH it is asked for the precise patterns instead ({@link #toServerPatterns}).
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
        // The server's names of directory's children, as toServer translates each of them
        // (INBOX/x is INBOX.INBOX.x behind a namespace prefix INBOX., not INBOX.x).
        String child = names.toServer(directory + cs + PROBE);
        String parent = child.substring(0, child.length() - PROBE.length());
        boolean translated = !child.equals(directory + cs + PROBE);
        return parent + (translated && !cs.equals(ss) ? rest.replace(cs, ss) : rest);
    }

    /** A name no client writes (toServer never changes it): stands for any child of a directory. */
    private static final String PROBE = "\u0001";

    /**
     * The server's patterns that together return exactly what the client's {@code pattern}
     * may match, level by level, instead of {@code *}: the pattern as the namespace translates
     * it, and for each mapped name whose levels the pattern's first levels match, the mapped
     * server name followed by the pattern's remaining levels. Needed where the server must judge
     * each name the client asked for itself (RFC 5258 RECURSIVEMATCH, whose CHILDINFO a server
     * gives only to a name its pattern matches). Empty, to ask for {@code *} after all, when a
     * {@code *} could cross the levels of a mapped name or the hierarchy is flat.
     */
    static List<String> toServerPatterns(String pattern, MailboxNames names) {
        String cs = names.clientSeparator();
        String ss = names.serverSeparator();
        if (cs.isEmpty() || ss.isEmpty()) {
            return List.of();
        }
        String[] levels = pattern.split(Pattern.quote(cs), -1);
        Set<String> out = new LinkedHashSet<>();
        out.add(names.toServer(pattern));
        for (Map.Entry<String, String> mapped : names.mapped()) {
            String[] client = mapped.getKey().split(Pattern.quote(cs), -1);
            if (client.length > levels.length) {
                continue;
            }
            boolean matches = true;
            for (int i = 0; i < client.length && matches; i++) {
                if (levels[i].indexOf('*') >= 0) {
                    return List.of();
                }
                matches = matcher(levels[i], cs).test(client[i]);
            }
            if (matches) {
                String rest = String.join(ss, Arrays.copyOfRange(levels, client.length, levels.length));
                out.add(rest.isEmpty() ? mapped.getValue() : mapped.getValue() + ss + rest);
            }
        }
        return List.copyOf(out);
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
