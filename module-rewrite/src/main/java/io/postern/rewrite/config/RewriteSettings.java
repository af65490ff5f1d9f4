package io.postern.rewrite.config;

import io.postern.rewrite.imap.ImapRules;
import io.postern.rewrite.pop3.Pop3Rules;
import io.postern.rewrite.smtp.SmtpRules;
import java.util.Objects;

/**
 * The effective {@code rewrite} block of one server: its rules per protocol, in the order
 * they are written, before they are narrowed to a session's user, groups and server.
 *
 * @param groupAttribute the auth attribute that lists a user's groups
 */
public record RewriteSettings(String groupAttribute, ImapRules imap, Pop3Rules pop3, SmtpRules smtp) {

    public static final String DEFAULT_GROUP_ATTRIBUTE = "group";

    /** A server without rules. */
    public static final RewriteSettings NONE =
            new RewriteSettings(DEFAULT_GROUP_ATTRIBUTE, ImapRules.NONE, Pop3Rules.NONE, SmtpRules.NONE);

    public RewriteSettings {
        Objects.requireNonNull(groupAttribute, "groupAttribute");
        Objects.requireNonNull(imap, "imap");
        Objects.requireNonNull(pop3, "pop3");
        Objects.requireNonNull(smtp, "smtp");
    }
}
