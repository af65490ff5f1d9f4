package io.postern.rewrite.imap;

import io.postern.rewrite.rule.Audience;
import io.postern.rewrite.rule.Rule;
import io.postern.spi.imap.ImapCommand;
import io.postern.spi.imap.ImapResponse;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A {@code deny} rule of IMAP: commands refused with a tagged {@code NO} before they reach
 * the server. Every condition given must hold.
 *
 * @param commands the verbs refused ({@code DELETE}, {@code UID EXPUNGE}); empty for any
 * @param mailboxes IMAP patterns ({@code INBOX}, {@code Archive/*}) of the client's names, one
 *     of which a mailbox argument must match; empty for any
 * @param arguments a regular expression found in the arguments as text; empty for any
 * @param largerThan a literal longer than this many bytes (an APPEND's message); empty for any
 * @param code the response code of the answer, without brackets ({@code NOPERM}); may be empty
 * @param text the answer's text
 */
public record ImapDenyRule(String name, Audience audience, Set<String> commands, List<String> mailboxes,
                           Optional<Pattern> arguments, OptionalLong largerThan, Optional<String> code, String text)
        implements Rule {

    public ImapDenyRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(audience, "audience");
        commands = Set.copyOf(commands);
        mailboxes = List.copyOf(mailboxes);
        Objects.requireNonNull(arguments, "arguments");
        Objects.requireNonNull(largerThan, "largerThan");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(text, "text");
    }

    /**
     * Whether this rule refuses {@code command}, whose mailbox arguments the client named
     * {@code clientNames} (decoded), with {@code separator} between hierarchy levels.
     */
    boolean refuses(ImapCommand command, List<String> clientNames, String separator) {
        if (!Verbs.matches(commands, command.verb())) {
            return false;
        }
        if (largerThan.isPresent() && ImapStrings.longestLiteral(command.args()) <= largerThan.getAsLong()) {
            return false;
        }
        if (arguments.isPresent() && !arguments.get().matcher(ImapStrings.render(command.args())).find()) {
            return false;
        }
        return mailboxes.isEmpty() || mailboxes.stream()
                .map(pattern -> ListPatterns.matcher(pattern, separator))
                .anyMatch(matcher -> clientNames.stream().anyMatch(matcher));
    }

    /** The tagged {@code NO} for {@code tag}. */
    ImapResponse answer(String tag) {
        return new ImapResponse.Tagged(tag, "NO", code, text);
    }
}
