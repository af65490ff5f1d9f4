package io.postern.log.audit;

import io.postern.spi.imap.ImapArg;
import io.postern.spi.imap.ImapCommand;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The mailbox an IMAP session has selected, as far as its commands and their tagged results
 * show: a {@code SELECT} or {@code EXAMINE} selects its mailbox when it ends in {@code OK} and
 * leaves none selected when it ends in {@code NO} (RFC 9051 6.3.2: a failed SELECT deselects);
 * {@code CLOSE} and {@code UNSELECT} deselect when they end in {@code OK}. A {@code BAD}
 * changes nothing: the server did not run the command.
 */
final class MailboxTracker {

    /** Selecting commands waiting for their result at most; the oldest is forgotten beyond. */
    static final int MAX_WAITING = 64;

    /** What a command does to the selection if it succeeds: select a name, or deselect (empty). */
    private final Map<String, Optional<String>> waiting = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Optional<String>> eldest) {
            return size() > MAX_WAITING;
        }
    };
    private Optional<String> selected = Optional.empty();

    /** The selected mailbox; empty when none is. */
    Optional<String> selected() {
        return selected;
    }

    /** Notes a command the client sent. */
    void onCommand(ImapCommand command) {
        switch (command.verb()) {
            case "SELECT", "EXAMINE" -> {
                if (!command.args().isEmpty()) {
                    ImapArg name = command.args().get(0);
                    waiting.put(command.tag(), Optional.of(ImapArgs.mailbox(name)));
                }
            }
            case "CLOSE", "UNSELECT" -> waiting.put(command.tag(), Optional.empty());
            default -> {
            }
        }
    }

    /** Applies the tagged result {@code status} ({@code OK}, {@code NO}, {@code BAD}) of {@code tag}. */
    void onResult(String tag, String status) {
        Optional<String> change = waiting.remove(tag);
        if (change == null) {
            return;
        }
        if (status.equals("OK")) {
            selected = change;
        } else if (status.equals("NO") && change.isPresent()) {
            selected = Optional.empty();
        }
    }
}
