package io.postern.rewrite.config;

import com.typesafe.config.ConfigObject;
import io.postern.rewrite.imap.ImapRules;
import io.postern.rewrite.pop3.Pop3Rules;
import io.postern.rewrite.smtp.SmtpRules;
import io.postern.spi.ServerConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the {@code rewrite} directive of the mail block and of every server, checking all of
 * it in one pass.
 *
 * <p>Inheritance: a server without a {@code rewrite} block of its own has the mail level's. A
 * server's own block is merged over the mail level's by name, as HOCON merges blocks: a rule
 * of the same name (same protocol, same kind) takes the server's keys over the mail level's
 * ({@code enabled = off} switches one off), other rules of both levels apply. With
 * {@code inherit = off} the server's block replaces the mail level's instead.
 */
public final class RewriteReader {

    /** The directive. */
    public static final String DIRECTIVE = "rewrite";

    static final List<String> KEYS = List.of("group_attribute", "inherit", "imap", "pop3", "smtp");

    private final ServerConfig mail;
    private final List<ServerConfig> servers;
    private final Problems problems;
    private final RuleReader rules;

    private RewriteReader(ServerConfig mail, List<ServerConfig> servers, Problems problems) {
        this.mail = mail;
        this.servers = servers;
        this.problems = problems;
        this.rules = new RuleReader(servers.stream().map(ServerConfig::name).toList());
    }

    /**
     * The settings of each server by name, checked; every problem found goes to
     * {@code problems}.
     */
    public static Map<String, RewriteSettings> read(ServerConfig mail, List<ServerConfig> servers, Problems problems) {
        return new RewriteReader(mail, servers, problems).read();
    }

    private Map<String, RewriteSettings> read() {
        Optional<ConfigObject> mailBlock = block(mail);
        RewriteSettings mailSettings = mailBlock.map(b -> settings(b, "mail." + DIRECTIVE, false))
                .orElse(RewriteSettings.NONE);
        Map<String, RewriteSettings> byServer = new LinkedHashMap<>();
        for (ServerConfig server : servers) {
            Optional<ConfigObject> own = block(server);
            if (own.isEmpty()) {
                byServer.put(server.name(), RewriteSettings.NONE);
            } else if (mailBlock.isPresent() && server.origin(DIRECTIVE).equals(mail.origin(DIRECTIVE))) {
                byServer.put(server.name(), mailSettings);
            } else {
                String path = "mail.servers." + server.name() + "." + DIRECTIVE;
                boolean inherit = new Node(path, own.get(), problems).flag("inherit", true);
                ConfigObject effective = inherit && mailBlock.isPresent() ? own.get().withFallback(mailBlock.get()) : own.get();
                byServer.put(server.name(), settings(effective, path, true));
            }
        }
        return byServer;
    }

    private RewriteSettings settings(ConfigObject block, String path, boolean serverLevel) {
        Node root = new Node(path, block, problems);
        root.allowOnly(KEYS);
        if (!serverLevel && root.has("inherit")) {
            root.problem("inherit", "(expected: only in a server's rewrite block)");
        }
        String groupAttribute = root.string("group_attribute").orElse(RewriteSettings.DEFAULT_GROUP_ATTRIBUTE);
        if (groupAttribute.isBlank()) {
            root.problem("group_attribute", "\"\" (expected: the name of an auth attribute, such as group)");
        }
        ImapRules imap = root.block("imap").map(n -> new ImapSection(rules).read(n)).orElse(ImapRules.NONE);
        Pop3Rules pop3 = root.block("pop3").map(n -> new Pop3Section(rules).read(n)).orElse(Pop3Rules.NONE);
        SmtpRules smtp = root.block("smtp").map(n -> new SmtpSection(rules).read(n)).orElse(SmtpRules.NONE);
        return new RewriteSettings(groupAttribute, imap, pop3, smtp);
    }

    private static Optional<ConfigObject> block(ServerConfig server) {
        if (!server.has(DIRECTIVE) || !server.raw().hasPath(DIRECTIVE)) {
            return Optional.empty();
        }
        return Optional.of(server.raw().getObject(DIRECTIVE));
    }
}
