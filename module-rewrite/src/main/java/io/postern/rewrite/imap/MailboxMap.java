package io.postern.rewrite.imap;

import io.postern.rewrite.rule.Audience;
import io.postern.rewrite.rule.Rule;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code mailboxes} rule: names the client uses and the server's names for them
 * ({@code Sent = "INBOX.Sent"}), children included ({@code Sent/2024} is
 * {@code INBOX.Sent.2024}).
 *
 * @param names client name to server name, in Unicode (not modified UTF-7), in written order
 * @param separator the server's hierarchy separator for the children of mapped names; empty
 *     to take the namespace rule's, else the one the server's LIST responses show
 */
public record MailboxMap(String name, Audience audience, Map<String, String> names, Optional<String> separator)
        implements Rule {

    public MailboxMap {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(audience, "audience");
        names = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(names));
        Objects.requireNonNull(separator, "separator");
    }
}
