package io.postern.imap.relay;

import io.postern.spi.imap.ImapArg;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** The arguments read so far: the message's own, and the parenthesised lists open inside them. */
final class ArgumentList {

    private final Deque<List<ImapArg>> parents = new ArrayDeque<>();
    private List<ImapArg> current = new ArrayList<>();

    void clear() {
        parents.clear();
        current = new ArrayList<>();
    }

    void add(ImapArg arg) {
        current.add(arg);
    }

    /** How many lists are open. */
    int depth() {
        return parents.size();
    }

    void open() {
        parents.push(current);
        current = new ArrayList<>();
    }

    /** Closes the innermost open list; false when none is open. */
    boolean close() {
        if (parents.isEmpty()) {
            return false;
        }
        ImapArg.ListOf list = new ImapArg.ListOf(current);
        current = parents.pop();
        current.add(list);
        return true;
    }

    /** Closes every open list (a streamed literal ended the message inside them). */
    void closeAll() {
        while (close()) {
            // one list at a time, innermost first
        }
    }

    /** The message's arguments; only meaningful once no list is open. */
    List<ImapArg> args() {
        return List.copyOf(current);
    }
}
