package io.postern.rewrite;

import io.postern.rewrite.config.RewriteSettings;
import io.postern.rewrite.imap.ImapRewriteFilter;
import io.postern.rewrite.imap.ImapRules;
import io.postern.rewrite.pop3.Pop3RewriteFilter;
import io.postern.rewrite.pop3.Pop3Rules;
import io.postern.rewrite.rule.Who;
import io.postern.rewrite.smtp.SmtpRewriteFilter;
import io.postern.rewrite.smtp.SmtpRules;
import io.postern.spi.SessionInfo;
import io.postern.spi.filter.FilterFactory;
import io.postern.spi.imap.ImapFilter;
import io.postern.spi.pop3.Pop3Filter;
import io.postern.spi.smtp.SmtpFilter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The filter factories of each protocol: a session gets a filter with the rules of its server
 * that apply to its login, groups and server, or none (the raw relay) when no rule does.
 */
final class Factories {

    private static final Logger LOG = LoggerFactory.getLogger(Factories.class);

    private Factories() {
    }

    private static RewriteSettings settings(Map<String, RewriteSettings> byServer, SessionInfo session) {
        return byServer.getOrDefault(session.server().name(), RewriteSettings.NONE);
    }

    private static Who who(RewriteSettings settings, SessionInfo session) {
        return Who.of(session, settings.groupAttribute());
    }

    private static void opened(String protocol, Object rules) {
        LOG.debug("rewrite: {} rules for this session: {}", protocol, rules);
    }

    /** IMAP sessions. */
    record Imap(Map<String, RewriteSettings> byServer) implements FilterFactory<ImapFilter> {
        Imap {
            byServer = Map.copyOf(byServer);
        }

        @Override
        public Optional<ImapFilter> open(SessionInfo session) {
            RewriteSettings settings = settings(byServer, session);
            ImapRules rules = settings.imap().forWho(who(settings, session));
            if (rules.isEmpty()) {
                return Optional.empty();
            }
            opened("IMAP", Names.of(List.of(rules.mailboxes(), rules.namespaces(), rules.deny(), rules.noExpunge(),
                    rules.capabilities(),
                    rules.regex())));
            return Optional.of(new ImapRewriteFilter(rules, session.imapHierarchy()));
        }
    }

    /** POP3 sessions. */
    record Pop3(Map<String, RewriteSettings> byServer) implements FilterFactory<Pop3Filter> {
        Pop3 {
            byServer = Map.copyOf(byServer);
        }

        @Override
        public Optional<Pop3Filter> open(SessionInfo session) {
            RewriteSettings settings = settings(byServer, session);
            Pop3Rules rules = settings.pop3().forWho(who(settings, session));
            if (rules.isEmpty()) {
                return Optional.empty();
            }
            opened("POP3", Names.of(List.of(rules.deny(), rules.capabilities(), rules.regex())));
            return Optional.of(new Pop3RewriteFilter(rules));
        }
    }

    /** SMTP sessions. */
    record Smtp(Map<String, RewriteSettings> byServer) implements FilterFactory<SmtpFilter> {
        Smtp {
            byServer = Map.copyOf(byServer);
        }

        @Override
        public Optional<SmtpFilter> open(SessionInfo session) {
            RewriteSettings settings = settings(byServer, session);
            SmtpRules rules = settings.smtp().forWho(who(settings, session));
            if (rules.isEmpty()) {
                return Optional.empty();
            }
            opened("SMTP", Names.of(List.of(rules.deny(), rules.capabilities(), rules.addresses(), rules.recipients(),
                    rules.regex())));
            return Optional.of(new SmtpRewriteFilter(rules));
        }
    }
}
