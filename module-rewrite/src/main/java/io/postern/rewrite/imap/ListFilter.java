package io.postern.rewrite.imap;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The LIST and LSUB commands of a session that await their tagged answer, with the client
 * patterns each asked for: an untagged LIST or LSUB response is not attributed to one command,
 * so a name is wanted when any of them matches it.
 */
final class ListFilter {

    private final Map<String, List<Predicate<String>>> open = new LinkedHashMap<>();

    void expect(String tag, List<Predicate<String>> patterns) {
        open.put(tag, List.copyOf(patterns));
    }

    void done(String tag) {
        open.remove(tag);
    }

    /**
     * Whether the client asked for {@code clientName}; always, for an unsolicited response
     * (no LIST open) and for the empty name of {@code LIST "" ""}.
     */
    boolean wanted(String clientName) {
        if (open.isEmpty() || clientName.isEmpty()) {
            return true;
        }
        return open.values().stream().flatMap(List::stream).anyMatch(p -> p.test(clientName));
    }
}
