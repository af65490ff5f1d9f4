package io.postern.rewrite.imap;

import io.postern.rewrite.rule.Audience;
import io.postern.rewrite.rule.Rule;
import io.postern.rewrite.rule.TextRewrite;
import io.postern.spi.imap.ImapCommand;
import io.postern.spi.imap.ImapResponse;
import java.util.Objects;
import java.util.Set;

/**
 * A {@code regex} rule of IMAP: a regular expression replaced in the text of commands or of
 * responses ({@link ImapText} says which parts are text).
 *
 * @param responses whether the rule rewrites responses rather than commands
 * @param names the verbs (commands) or response names ({@code OK}, {@code LIST}, {@code +})
 *     it is limited to; empty for all
 * @param inLiterals whether literals are text too (when no longer than {@code literalLimit})
 */
public record ImapRegexRule(String name, Audience audience, boolean responses, Set<String> names,
                            TextRewrite rewrite, boolean inLiterals, int literalLimit) implements Rule {

    public ImapRegexRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(audience, "audience");
        names = Set.copyOf(names);
        Objects.requireNonNull(rewrite, "rewrite");
    }

    boolean appliesTo(ImapCommand command) {
        return !responses && Verbs.matches(names, command.verb());
    }

    boolean appliesTo(ImapResponse response) {
        return responses && (names.isEmpty() || names.contains(nameOf(response)));
    }

    /** {@code OK}/{@code NO}/… for a status line, the data's name, {@code +} for a continuation. */
    static String nameOf(ImapResponse response) {
        if (response instanceof ImapResponse.Tagged tagged) {
            return tagged.status();
        }
        if (response instanceof ImapResponse.Status status) {
            return status.status();
        }
        if (response instanceof ImapResponse.Data data) {
            return data.name();
        }
        return "+";
    }
}
