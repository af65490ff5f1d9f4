package io.postern.log.access;

import io.postern.spi.ServerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The access logs of every server, read from {@code access_log} and {@code log_format}: each
 * server's own values, or the mail block's when it sets none (nginx's inheritance; a server's
 * list replaces the mail block's, it does not add to it).
 *
 * @param targets server name → where its sessions are logged (empty: {@code off})
 * @param bufferEntries {@code access_log_buffer}: sessions waiting to be written at most
 */
public record AccessLogSettings(Map<String, List<AccessLogTarget>> targets, int bufferEntries) {

    public static final String ACCESS_LOG = "access_log";
    public static final String LOG_FORMAT = "log_format";
    public static final String ACCESS_LOG_BUFFER = "access_log_buffer";

    public AccessLogSettings {
        targets = Map.copyOf(targets);
        if (bufferEntries < 1) {
            throw new IllegalArgumentException(ACCESS_LOG_BUFFER + ": " + bufferEntries + " (expected: > 0)");
        }
    }

    /**
     * Reads the settings of {@code mail} and every server; relative paths are resolved against
     * {@code directory}.
     *
     * @throws IllegalArgumentException naming the directive and the value that cannot be used
     */
    public static AccessLogSettings read(ServerConfig mail, List<ServerConfig> servers, Path directory) {
        // The mail block's formats are checked even when no server uses them, as nginx does.
        LogFormats.with(mail.object(LOG_FORMAT));
        targetsOf(mail, directory);
        Map<String, List<AccessLogTarget>> targets = new LinkedHashMap<>();
        for (ServerConfig server : servers) {
            targets.put(server.name(), targetsOf(server, directory));
        }
        long buffer = mail.integer(ACCESS_LOG_BUFFER);
        if (buffer < 1 || buffer > 1_000_000) {
            throw new IllegalArgumentException(ACCESS_LOG_BUFFER + ": " + buffer + " (expected: 1-1000000)");
        }
        return new AccessLogSettings(targets, (int) buffer);
    }

    /** Whether any server writes an access log. */
    public boolean enabled() {
        return targets.values().stream().anyMatch(t -> !t.isEmpty());
    }

    /** Every file some server writes to, each once. */
    public Set<Path> paths() {
        Set<Path> paths = new LinkedHashSet<>();
        targets.values().forEach(list -> list.forEach(t -> paths.add(t.path())));
        return paths;
    }

    /** Where sessions of {@code server} are logged; empty when they are not. */
    public List<AccessLogTarget> targetsOf(String server) {
        return targets.getOrDefault(server, List.of());
    }

    private static List<AccessLogTarget> targetsOf(ServerConfig server, Path directory) {
        Map<String, LogFormat> formats = LogFormats.with(server.object(LOG_FORMAT));
        List<String> entries = server.strings(ACCESS_LOG);
        if (entries.size() == 1 && entries.get(0).strip().equals("off")) {
            return List.of();
        }
        List<AccessLogTarget> targets = new ArrayList<>();
        for (String entry : entries) {
            targets.add(target(server, entry, formats, directory));
        }
        return List.copyOf(targets);
    }

    private static AccessLogTarget target(ServerConfig server, String entry, Map<String, LogFormat> formats,
                                          Path directory) {
        String[] words = entry.strip().split("\\s+");
        String value = "\"" + entry + "\"";
        if (words[0].isEmpty() || words[0].equals("off")) {
            throw server.invalid(ACCESS_LOG, value + " (expected: \"<path> [format]\", or off alone)");
        }
        if (words.length > 2) {
            throw server.invalid(ACCESS_LOG, value + " (expected: \"<path> [format]\"; buffer=, gzip= and "
                    + "if= are not supported: lines are always written by a background thread)");
        }
        String formatName = words.length == 2 ? words[1] : LogFormats.DEFAULT;
        LogFormat format = formats.get(formatName);
        if (format == null) {
            throw server.invalid(ACCESS_LOG, value + ": unknown format \"" + formatName
                    + "\" (expected: main, json or a name defined with log_format)");
        }
        return new AccessLogTarget(directory.resolve(words[0]).toAbsolutePath().normalize(), format);
    }
}
