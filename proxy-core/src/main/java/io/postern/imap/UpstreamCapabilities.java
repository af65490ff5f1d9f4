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

    private static final AttributeKey<List<String>> KEY =
            AttributeKey.valueOf(UpstreamCapabilities.class, "capabilities");

    private UpstreamCapabilities() {
    }

    /** The list the upstream announced last during the login; empty when it announced none. */
    public static Optional<List<String>> of(Channel upstream) {
        // hasAttr first: attr() would add an empty attribute to the channel
        return upstream.hasAttr(KEY) ? Optional.ofNullable(upstream.attr(KEY).get()) : Optional.empty();
    }

    /**
     * The list the upstream announced last during the login, forgotten by the channel: the relay
     * takes it once, when it starts, and an idle session should not carry the words for its
     * whole life. {@code getAndRemove} rather than {@code getAndSet(null)}: a channel's
     * attribute map supports it, and it drops the attribute's holder too.
     */
    @SuppressWarnings("deprecation")
    public static Optional<List<String>> take(Channel upstream) {
        return upstream.hasAttr(KEY) ? Optional.ofNullable(upstream.attr(KEY).getAndRemove()) : Optional.empty();
    }

    /** Remembers the list {@code line} announces, if it announces one. */
    public static void record(Channel upstream, String line) {
        parse(line).ifPresent(list -> upstream.attr(KEY).set(list));
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
        int firstEnd = text.indexOf(' ');
        if (firstEnd < 0) {
            return Optional.empty(); // one word
        }
        int secondStart = skipSpaces(text, firstEnd); // a word follows: the text is stripped
        int secondEnd = wordEnd(text, secondStart);
        int restStart = secondEnd == text.length() ? -1 : skipSpaces(text, secondEnd);
        if (firstEnd == 1 && text.charAt(0) == '*' && isWord(text, secondStart, secondEnd, "CAPABILITY")) {
            return Optional.of(restStart < 0 ? List.of() : words(text, restStart, text.length()));
        }
        if (restStart < 0 || !isStatus(text, secondStart, secondEnd)
                || !text.regionMatches(true, restStart, "[CAPABILITY", 0, 11)) {
            return Optional.empty();
        }
        int end = text.indexOf(']', restStart);
        if (end < 0) {
            return Optional.empty();
        }
        String list = text.substring(restStart + 11, end).strip();
        return Optional.of(words(list, 0, list.length()));
    }

    private static int skipSpaces(String text, int from) {
        int i = from;
        while (i < text.length() && text.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private static int wordEnd(String text, int from) {
        int space = text.indexOf(' ', from);
        return space < 0 ? text.length() : space;
    }

    /** The words of {@code text[from, to)}, which neither starts nor ends with a space. */
    private static List<String> words(String text, int from, int to) {
        if (from == to) {
            return List.of();
        }
        List<String> words = new ArrayList<>(16);
        int i = from;
        while (i < to) {
            int end = Math.min(wordEnd(text, i), to);
            words.add(text.substring(i, end));
            i = skipSpaces(text, end);
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
