package io.postern.imap;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.List;
import java.util.Locale;
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
        return Optional.ofNullable(upstream.attr(KEY).get());
    }

    /** Remembers the list {@code line} announces, if it announces one. */
    public static void record(Channel upstream, String line) {
        parse(line).ifPresent(list -> upstream.attr(KEY).set(list));
    }

    /**
     * The capability list of a response line (without its line ending):
     * {@code * CAPABILITY IMAP4rev1 LITERAL+}, {@code * OK [CAPABILITY IMAP4rev1 LITERAL+] ready}
     * or {@code a1 OK [CAPABILITY IMAP4rev1 LITERAL+] Logged in}.
     */
    static Optional<List<String>> parse(String line) {
        String[] words = line.strip().split(" +", 3);
        if (words.length < 2) {
            return Optional.empty();
        }
        if (words[0].equals("*") && words[1].equalsIgnoreCase("CAPABILITY")) {
            return Optional.of(words.length == 3 ? List.of(words[2].split(" +")) : List.of());
        }
        if (words.length < 3 || !isStatus(words[1])) {
            return Optional.empty();
        }
        String rest = words[2];
        int end = rest.indexOf(']');
        if (!rest.regionMatches(true, 0, "[CAPABILITY", 0, 11) || end < 0) {
            return Optional.empty();
        }
        String list = rest.substring(11, end).strip();
        return Optional.of(list.isEmpty() ? List.of() : List.of(list.split(" +")));
    }

    private static boolean isStatus(String word) {
        return switch (word.toUpperCase(Locale.ROOT)) {
            case "OK", "PREAUTH" -> true;
            default -> false;
        };
    }
}
