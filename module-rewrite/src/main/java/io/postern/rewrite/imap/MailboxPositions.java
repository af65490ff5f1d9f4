package io.postern.rewrite.imap;

import io.postern.spi.imap.ImapArg;
import java.util.List;
import java.util.Set;

/**
 * Which arguments of a command or an untagged response are mailbox names. LIST, LSUB and
 * XLIST commands are not here: their reference and patterns are translated by
 * {@link ListPatterns}.
 */
final class MailboxPositions {

    /** Commands whose first argument is a mailbox. */
    private static final Set<String> FIRST = Set.of("SELECT", "EXAMINE", "CREATE", "DELETE", "SUBSCRIBE",
            "UNSUBSCRIBE", "STATUS", "APPEND", "GETQUOTAROOT", "GETACL", "SETACL", "DELETEACL", "LISTRIGHTS",
            "MYRIGHTS", "SETMETADATA");
    /** Commands whose second argument (after a sequence set) is a mailbox. */
    private static final Set<String> SECOND = Set.of("COPY", "MOVE", "UID COPY", "UID MOVE");
    /** Untagged responses whose first argument after the name is a mailbox. */
    private static final Set<String> RESPONSES = Set.of("STATUS", "QUOTAROOT", "ACL", "LISTRIGHTS", "MYRIGHTS",
            "METADATA");

    private static final int[] NONE = {};

    private MailboxPositions() {
    }

    /** The indexes of the mailbox arguments of a command with {@code verb}. */
    static int[] ofCommand(String verb, List<ImapArg> args) {
        if (FIRST.contains(verb)) {
            return args.isEmpty() ? NONE : new int[] {0};
        }
        if (SECOND.contains(verb)) {
            return args.size() < 2 ? NONE : new int[] {1};
        }
        if (verb.equals("RENAME")) {
            return args.size() < 2 ? NONE : new int[] {0, 1};
        }
        if (verb.equals("GETMETADATA")) {
            // GETMETADATA [(options)] mailbox entries (RFC 5464)
            int at = !args.isEmpty() && args.get(0) instanceof ImapArg.ListOf ? 1 : 0;
            return args.size() > at ? new int[] {at} : NONE;
        }
        return NONE;
    }

    /** Whether {@code verb} lists mailboxes by reference and pattern. */
    static boolean isList(String verb) {
        return verb.equals("LIST") || verb.equals("LSUB") || verb.equals("XLIST");
    }

    /** The indexes of the mailbox arguments of untagged data named {@code name} ({@code args.get(0)} is the name). */
    static int[] ofResponse(String name, List<ImapArg> args) {
        if (RESPONSES.contains(name)) {
            return args.size() < 2 ? NONE : new int[] {1};
        }
        if (isList(name)) {
            return args.size() < 4 ? NONE : new int[] {3};
        }
        return NONE;
    }
}
