package io.postern.rewrite;

import io.postern.rewrite.config.Problems;
import io.postern.rewrite.config.RewriteReader;
import io.postern.rewrite.config.RewriteSettings;
import io.postern.spi.Directive;
import io.postern.spi.DirectiveType;
import io.postern.spi.ModuleContext;
import io.postern.spi.PosternModule;
import io.postern.spi.Protocol;
import io.postern.spi.Reconfiguration;
import io.postern.spi.ServerConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * module-rewrite: rules for the POST-LOGIN phase, read from the {@code rewrite { }} block of
 * the mail level and of each server. It registers a filter named {@code rewrite} for each
 * protocol that has rules on some server of that protocol.
 */
public final class RewriteModule implements PosternModule {

    /** The name of its filter in each protocol's phase ({@code phases { imap_filter = [rewrite] }}). */
    public static final String FILTER = "rewrite";

    @Override
    public List<Directive> directives() {
        return List.of(Directive.of(RewriteReader.DIRECTIVE, DirectiveType.BLOCK));
    }

    @Override
    public void configure(ModuleContext context) {
        Problems problems = new Problems();
        Map<String, RewriteSettings> byServer = RewriteReader.read(context.mail(), context.servers(), problems);
        problems.throwIfAny();
        if (any(context, byServer, Protocol.IMAP, s -> !s.imap().isEmpty())) {
            context.addImapFilter(FILTER, new Factories.Imap(byServer));
        }
        if (any(context, byServer, Protocol.POP3, s -> !s.pop3().isEmpty())) {
            context.addPop3Filter(FILTER, new Factories.Pop3(byServer));
        }
        if (any(context, byServer, Protocol.SMTP, s -> !s.smtp().isEmpty())) {
            context.addSmtpFilter(FILTER, new Factories.Smtp(byServer));
        }
    }

    /**
     * The rules are read again into new filter factories for new sessions; a session keeps the
     * rules it started with, since its filters came from the factories of its configuration.
     * Nothing outlives a configuration, so there is nothing to swap.
     */
    @Override
    public Optional<Reconfiguration> reconfigure(ModuleContext context) {
        configure(context);
        return Optional.of(new Reconfiguration() { });
    }

    /** Whether some server of {@code protocol} has rules for it. */
    private static boolean any(ModuleContext context, Map<String, RewriteSettings> byServer, Protocol protocol,
                               Predicate<RewriteSettings> hasRules) {
        for (ServerConfig server : context.servers()) {
            if (server.protocol() == protocol && hasRules.test(byServer.getOrDefault(server.name(), RewriteSettings.NONE))) {
                return true;
            }
        }
        return false;
    }
}
