package io.postern.distribution;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A systemd unit file read as systemd reads its syntax: {@code [Section]} headers, {@code
 * Key=value} lines, # and ; comments, a trailing backslash continuing a line, and keys that
 * may repeat (ExecStartPre, ...). For the checks where systemd-analyze is not installed, and
 * to say which values the unit sets.
 */
final class SystemdUnit {

    private final Map<String, Map<String, List<String>>> sections;

    private SystemdUnit(Map<String, Map<String, List<String>>> sections) {
        this.sections = sections;
    }

    static SystemdUnit parse(String text) {
        final Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
        Map<String, List<String>> section = null;
        final List<String> lines = joinContinuations(text);
        for (int i = 0; i < lines.size(); i++) {
            final String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[")) {
                if (!line.endsWith("]")) {
                    throw new IllegalArgumentException("line " + (i + 1) + ": bad section header: " + line);
                }
                section = sections.computeIfAbsent(line.substring(1, line.length() - 1), s -> new LinkedHashMap<>());
                continue;
            }
            final int equals = line.indexOf('=');
            if (section == null || equals <= 0 || !line.substring(0, equals).strip().matches("[A-Za-z0-9]+")) {
                throw new IllegalArgumentException("line " + (i + 1) + ": expected Key=value in a section: " + line);
            }
            section.computeIfAbsent(line.substring(0, equals).strip(), k -> new ArrayList<>())
                    .add(line.substring(equals + 1).strip());
        }
        return new SystemdUnit(sections);
    }

    private static List<String> joinContinuations(String text) {
        final List<String> out = new ArrayList<>();
        final StringBuilder pending = new StringBuilder();
        for (String line : text.lines().toList()) {
            if (line.endsWith("\\")) {
                pending.append(line, 0, line.length() - 1).append(' ');
            } else {
                out.add(pending.append(line).toString());
                pending.setLength(0);
            }
        }
        return out;
    }

    List<String> sections() {
        return List.copyOf(sections.keySet());
    }

    /** Every value of {@code key} in {@code section}, in order; empty when unset. */
    List<String> values(String section, String key) {
        return sections.getOrDefault(section, Map.of()).getOrDefault(key, List.of());
    }

    /** The value in force: the last one. */
    String value(String section, String key) {
        final List<String> values = values(section, key);
        if (values.isEmpty()) {
            throw new AssertionError("[" + section + "] " + key + " is not set");
        }
        return values.get(values.size() - 1);
    }
}
