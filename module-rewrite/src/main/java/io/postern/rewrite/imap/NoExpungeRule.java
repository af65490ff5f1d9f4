package io.postern.rewrite.imap;

import io.postern.rewrite.rule.Audience;
import io.postern.rewrite.rule.Rule;
import io.postern.spi.filter.CommandVerdict;
import io.postern.spi.imap.ImapArg;
import io.postern.spi.imap.ImapCommand;
import io.postern.spi.imap.ImapResponse;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code no_expunge} rule of IMAP: no message is removed from a mailbox through Postern,
 * whichever command would remove it. Refused with a tagged {@code NO}: {@code EXPUNGE} and
 * {@code UID EXPUNGE}; {@code MOVE} and {@code UID MOVE} (they expunge from the source); a
 * {@code STORE} or {@code UID STORE} that sets {@code \Deleted} ({@code FLAGS} or
 * {@code +FLAGS}, silent or not); an {@code APPEND} whose flags hold {@code \Deleted}.
 * {@code CLOSE}, which expunges, is sent as {@code UNSELECT} (RFC 3691, IMAP4rev2): the
 * mailbox is closed and nothing is removed; a server without UNSELECT answers {@code BAD}
 * and the mailbox stays selected. {@code DELETE} of a whole mailbox is not an expunge: a
 * {@code deny} rule refuses it.
 *
 * @param code the response code of the answer, without brackets ({@code NOPERM}); may be empty
 * @param text the answer's text
 */
public record NoExpungeRule(String name, Audience audience, Optional<String> code, String text) implements Rule {

    private static final List<String> REFUSED = List.of("EXPUNGE", "UID EXPUNGE", "MOVE", "UID MOVE");

    public NoExpungeRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(text, "text");
    }

    /** What this rule does to {@code command}: refuse it, send it as UNSELECT, or nothing. */
    Optional<CommandVerdict<ImapCommand, ImapResponse>> verdict(ImapCommand command) {
        String verb = command.verb();
        if (verb.equals("CLOSE")) {
            return Optional.of(CommandVerdict.replace(new ImapCommand(command.tag(), "UNSELECT", command.args())));
        }
        boolean refused = REFUSED.contains(verb)
                || (verb.equals("STORE") || verb.equals("UID STORE")) && setsDeleted(command.args())
                || verb.equals("APPEND") && command.args().stream().anyMatch(NoExpungeRule::holdsDeleted);
        return refused ? Optional.of(CommandVerdict.answer(new ImapResponse.Tagged(command.tag(), "NO", code, text)))
                : Optional.empty();
    }

    /** {@code set FLAGS|+FLAGS[.SILENT] (… \Deleted …)} or {@code … \Deleted} without parentheses. */
    private static boolean setsDeleted(List<ImapArg> args) {
        if (args.size() < 3) {
            return false;
        }
        String item = args.get(1).string().orElse("").toUpperCase(Locale.ROOT);
        boolean adds = item.equals("FLAGS") || item.equals("FLAGS.SILENT") || item.equals("+FLAGS")
                || item.equals("+FLAGS.SILENT");
        return adds && args.subList(2, args.size()).stream().anyMatch(NoExpungeRule::holdsDeleted);
    }

    private static boolean holdsDeleted(ImapArg arg) {
        if (arg instanceof ImapArg.ListOf list) {
            return list.items().stream().anyMatch(NoExpungeRule::holdsDeleted);
        }
        return arg instanceof ImapArg.Atom atom && atom.text().equalsIgnoreCase("\\Deleted");
    }
}
