package io.postern.imap;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The capability list an IMAP upstream announced while Postern logged in (in its greeting, a
 * {@code CAPABILITY} response or the code of its tagged {@code OK}), kept on the upstream
 * channel for the post-login relay: it must know whether the upstream takes non-synchronizing
 * literals before the client's first command. The last list announced wins, since a server's
 * list after login supersedes its greeting's.
 */
public final class UpstreamCapabilities {

    /**
     * The line (as received) that announced the list last: it is only split into words when
     * someone asks, which for most sessions is the greeting's, once. The list after the login
     * (Dovecot's is long) is read only by a framed relay.
     */
    private static final AttributeKey<String> KEY = AttributeKey.valueOf(UpstreamCapabilities.class, "capabilities");

    /** {@link #bounds}'s answer for a line that announces no list. */
    private static final long NONE = -1;

    private UpstreamCapabilities() {
    }

    /** The list the upstream announced last during the login; empty when it announced none. */
    public static Optional<List<String>> of(Channel upstream) {
        // hasAttr first: attr() would add an empty attribute to the channel
        return upstream.hasAttr(KEY) ? announced(upstream.attr(KEY).get()) : Optional.empty();
    }

    /**
     * The list the upstream announced last during the login, forgotten by the channel: the relay
     * takes it once, when it starts, and an idle session should not carry the words for its
     * whole life. {@code getAndRemove} rather than {@code getAndSet(null)}: a channel's
     * attribute map supports it, and it drops the attribute's holder too.
     */
    @SuppressWarnings("deprecation")
    public static Optional<List<String>> take(Channel upstream) {
        return upstream.hasAttr(KEY) ? announced(upstream.attr(KEY).getAndRemove()) : Optional.empty();
    }

    /** Remembers the list {@code line} announces, if it announces one. */
    public static void record(Channel upstream, String line) {
        int from = 0;
        int to = line.length();
        while (from < to && Character.isWhitespace(line.charAt(from))) {
            from++;
        }
        while (to > from && Character.isWhitespace(line.charAt(to - 1))) {
            to--;
        }
        if (bounds(line, from, to) != NONE) {
            upstream.attr(KEY).set(line);
        }
    }

    private static Optional<List<String>> announced(String line) {
        return line == null ? Optional.empty() : parse(line);
    }

    /**
     * The capability list of a response line (without its line ending):
     * {@code * CAPABILITY IMAP4rev1 LITERAL+}, {@code * OK [CAPABILITY IMAP4rev1 LITERAL+] ready}
     * or {@code a1 OK [CAPABILITY IMAP4rev1 LITERAL+] Logged in}. Words are separated by runs of
     * spaces. A scan by hand rather than a regular expression: every line of every IMAP login
     * passes here, and splitting them with {@code String.split(" +")} was the top method of a
     * login's profile.
     */
    static Optional<List<String>> parse(String line) {
        String text = line.strip();
        long bounds = bounds(text, 0, text.length());
        if (bounds == NONE) {
            return Optional.empty();
        }
        int start = (int) (bounds >>> 32);
        int end = (int) bounds;
        if (end == text.length()) {
            return Optional.of(words(text, start, end)); // * CAPABILITY ...: the rest of the line
        }
        String list = text.substring(start, end).strip(); // [CAPABILITY ...]
        return Optional.of(words(list, 0, list.length()));
    }

    /**
     * Where the list of {@code text[from, to)} (stripped of white space at both ends) lies, as
     * {@code start << 32 | end}, the list itself possibly with white space at its ends; {@link #NONE}
     * when the line announces no list.
     */
    private static long bounds(String text, int from, int to) {
        int firstEnd = text.indexOf(' ', from);
        if (firstEnd < 0 || firstEnd >= to) {
            return NONE; // one word
        }
        int secondStart = skipSpaces(text, firstEnd, to); // a word follows: the text is stripped
        int secondEnd = wordEnd(text, secondStart, to);
        int restStart = secondEnd == to ? -1 : skipSpaces(text, secondEnd, to);
        if (firstEnd - from == 1 && text.charAt(from) == '*' && isWord(text, secondStart, secondEnd, "CAPABILITY")) {
            return restStart < 0 ? (long) to << 32 | to : (long) restStart << 32 | to;
        }
        if (restStart < 0 || !isStatus(text, secondStart, secondEnd) || restStart + 11 > to
                || !text.regionMatches(true, restStart, "[CAPABILITY", 0, 11)) {
            return NONE;
        }
        int end = text.indexOf(']', restStart);
        if (end < 0 || end >= to) {
            return NONE;
        }
        return (long) (restStart + 11) << 32 | end;
    }

    private static int skipSpaces(String text, int from, int to) {
        int i = from;
        while (i < to && text.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private static int wordEnd(String text, int from, int to) {
        int space = text.indexOf(' ', from);
        return space < 0 || space > to ? to : space;
    }

    /** The words of {@code text[from, to)}, which neither starts nor ends with a space. */
    private static List<String> words(String text, int from, int to) {
        if (from == to) {
            return List.of();
        }
        List<String> words = new ArrayList<>(16);
        int i = from;
        while (i < to) {
            int end = wordEnd(text, i, to);
            words.add(text.substring(i, end));
            i = skipSpaces(text, end, to);
        }
        return List.copyOf(words);
    }

    private static boolean isWord(String text, int start, int end, String word) {
        return end - start == word.length() && text.regionMatches(true, start, word, 0, word.length());
    }

    /** {@code OK} or {@code PREAUTH}, compared as {@code toUpperCase(Locale.ROOT)} would. */
    private static boolean isStatus(String text, int start, int end) {
        return isUpperCaseOf(text, start, end, "OK") || isUpperCaseOf(text, start, end, "PREAUTH");
    }

    private static boolean isUpperCaseOf(String text, int start, int end, String upper) {
        if (end - start != upper.length()) {
            return false;
        }
        for (int i = 0; i < upper.length(); i++) {
            if (Character.toUpperCase(text.charAt(start + i)) != upper.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
