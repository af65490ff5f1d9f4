package io.postern.log.audit;

import io.postern.spi.ServerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The audit log of every server, read from {@code audit_log}, {@code audit_log_users},
 * {@code audit_log_groups} and {@code audit_log_group_attribute}: each server's own values, or
 * the mail block's when it sets none (nginx's inheritance; a server's list replaces the mail
 * block's).
 *
 * @param policies server name → whom it audits and where
 * @param bufferEntries {@code audit_log_buffer}: lines waiting to be written at most
 */
public record AuditSettings(Map<String, AuditPolicy> policies, int bufferEntries) {

    public static final String AUDIT_LOG = "audit_log";
    public static final String AUDIT_LOG_USERS = "audit_log_users";
    public static final String AUDIT_LOG_GROUPS = "audit_log_groups";
    public static final String AUDIT_LOG_GROUP_ATTRIBUTE = "audit_log_group_attribute";
    public static final String AUDIT_LOG_BUFFER = "audit_log_buffer";
    /** What one queued entry of the audit log's writer is, in its drop warning. */
    public static final String UNIT = "audit line(s)";

    public AuditSettings {
        policies = Map.copyOf(policies);
        if (bufferEntries < 1) {
            throw new IllegalArgumentException(AUDIT_LOG_BUFFER + ": " + bufferEntries + " (expected: > 0)");
        }
    }

    /**
     * Reads the settings of {@code mail} and every server; relative paths are resolved against
     * {@code directory} (the prefix, as the access log's).
     *
     * @throws IllegalArgumentException naming the directive and the value that cannot be used
     */
    public static AuditSettings read(ServerConfig mail, List<ServerConfig> servers, Path directory) {
        policyOf(mail, directory);
        Map<String, AuditPolicy> policies = new LinkedHashMap<>();
        for (ServerConfig server : servers) {
            policies.put(server.name(), policyOf(server, directory));
        }
        long buffer = mail.integer(AUDIT_LOG_BUFFER);
        if (buffer < 1 || buffer > 10_000_000) {
            throw new IllegalArgumentException(AUDIT_LOG_BUFFER + ": " + buffer + " (expected: 1-10000000)");
        }
        return new AuditSettings(policies, (int) buffer);
    }

    /** Whether any server writes an audit log. */
    public boolean enabled() {
        return policies.values().stream().anyMatch(AuditPolicy::enabled);
    }

    /** Every file some server writes to, each once. */
    public Set<Path> paths() {
        Set<Path> paths = new LinkedHashSet<>();
        policies.values().forEach(p -> p.targets().forEach(t -> paths.add(t.path())));
        return paths;
    }

    /** The policy of {@code server}; {@link AuditPolicy#OFF} for one not configured. */
    public AuditPolicy policyOf(String server) {
        return policies.getOrDefault(server, AuditPolicy.OFF);
    }

    private static AuditPolicy policyOf(ServerConfig server, Path directory) {
        List<AuditTarget> targets = targetsOf(server, directory);
        String attribute = server.string(AUDIT_LOG_GROUP_ATTRIBUTE).strip();
        if (attribute.isEmpty()) {
            throw server.invalid(AUDIT_LOG_GROUP_ATTRIBUTE,
                    "\"\" (expected: the name of an auth attribute, such as group)");
        }
        return new AuditPolicy(targets, words(server, AUDIT_LOG_USERS), words(server, AUDIT_LOG_GROUPS), attribute);
    }

    private static Set<String> words(ServerConfig server, String directive) {
        Set<String> words = new LinkedHashSet<>();
        for (String word : server.strings(directive)) {
            if (word.isBlank()) {
                throw server.invalid(directive, "\"" + word + "\" (expected: a list of names, [] for none)");
            }
            words.add(word.strip());
        }
        return words;
    }

    private static List<AuditTarget> targetsOf(ServerConfig server, Path directory) {
        List<String> entries = server.strings(AUDIT_LOG);
        if (entries.size() == 1 && entries.get(0).strip().equals("off")) {
            return List.of();
        }
        List<AuditTarget> targets = new ArrayList<>();
        for (String entry : entries) {
            targets.add(target(server, entry, directory));
        }
        return List.copyOf(targets);
    }

    private static AuditTarget target(ServerConfig server, String entry, Path directory) {
        String[] words = entry.strip().split("\\s+");
        String value = "\"" + entry + "\"";
        if (words[0].isEmpty() || words[0].equals("off")) {
            throw server.invalid(AUDIT_LOG, value + " (expected: \"<path> [main|json]\", or off alone)");
        }
        if (words.length > 2) {
            throw server.invalid(AUDIT_LOG, value + " (expected: \"<path> [main|json]\")");
        }
        String formatName = words.length == 2 ? words[1] : "main";
        AuditFormat format = AuditFormat.named(formatName).orElseThrow(() -> server.invalid(AUDIT_LOG,
                value + ": unknown format \"" + formatName + "\" (expected: main or json)"));
        return new AuditTarget(directory.resolve(words[0]).toAbsolutePath().normalize(), format);
    }
}
