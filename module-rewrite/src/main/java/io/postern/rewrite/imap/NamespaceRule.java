package io.postern.rewrite.imap;

import io.postern.rewrite.rule.Audience;
import io.postern.rewrite.rule.Rule;
import java.util.List;
import java.util.Objects;

/**
 * A {@code namespace} rule: the client sees the server's personal namespace under another
 * prefix and hierarchy separator ({@code INBOX.Sent.2024} on the server, {@code Sent/2024}
 * for the client), in mailbox arguments, in LIST, LSUB and STATUS responses and in the
 * NAMESPACE response.
 *
 * @param prefix the server's personal namespace prefix, {@code "INBOX."}; may be empty
 * @param separator the server's hierarchy separator, one character
 * @param clientPrefix the prefix the client sees instead, usually empty
 * @param clientSeparator the separator the client sees
 * @param passthrough server prefixes of other namespaces ({@code "shared."}) whose names pass
 *     unchanged both ways; the other-users and shared prefixes of the server's NAMESPACE
 *     response are added to them in a session
 */
public record NamespaceRule(String name, Audience audience, String prefix, String separator, String clientPrefix,
                            String clientSeparator, List<String> passthrough) implements Rule {

    public NamespaceRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(separator, "separator");
        Objects.requireNonNull(clientPrefix, "clientPrefix");
        Objects.requireNonNull(clientSeparator, "clientSeparator");
        passthrough = List.copyOf(passthrough);
    }
}
