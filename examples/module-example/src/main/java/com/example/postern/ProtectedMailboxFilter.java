package com.example.postern;

import io.postern.spi.filter.CommandVerdict;
import io.postern.spi.imap.ImapCommand;
import io.postern.spi.imap.ImapFilter;
import io.postern.spi.imap.ImapResponse;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Refuses to DELETE or RENAME the mailboxes of {@code example_protected_mailboxes}: the client
 * gets {@code NO [CANNOT]} from Postern and the upstream never sees the command.
 */
final class ProtectedMailboxFilter implements ImapFilter {

    private static final Set<String> VERBS = Set.of("DELETE", "RENAME");

    private final Set<String> protectedMailboxes;

    ProtectedMailboxFilter(List<String> protectedMailboxes) {
        this.protectedMailboxes = protectedMailboxes.stream().map(m -> m.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public CommandVerdict<ImapCommand, ImapResponse> onCommand(ImapCommand command) {
        if (!VERBS.contains(command.verb()) || command.args().isEmpty()) {
            return CommandVerdict.pass();
        }
        String mailbox = command.args().get(0).string().orElse("");
        if (!protectedMailboxes.contains(mailbox.toLowerCase(Locale.ROOT))) {
            return CommandVerdict.pass();
        }
        return CommandVerdict.answer(new ImapResponse.Tagged(command.tag(), "NO", Optional.of("CANNOT"),
                mailbox + " is protected"));
    }
}
