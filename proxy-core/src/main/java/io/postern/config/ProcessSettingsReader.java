package io.postern.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Reads the top level of the file: the process settings, and nothing that does not belong there. */
final class ProcessSettingsReader {

    private static final List<String> KEYS = List.of("event_loop_threads", "modules_dir", "pid", "shutdown_timeout", "phases",
            "limit_conn_total", "mail");

    private final Config file;
    private final Config defaults;
    private final Path prefix;
    private final Problems problems;

    ProcessSettingsReader(Config file, Config defaults, Path prefix, Problems problems) {
        this.file = file;
        this.defaults = defaults;
        this.prefix = prefix;
        this.problems = problems;
    }

    /** The settings, or {@code null} if a problem was recorded. */
    ProcessSettings read() {
        for (Map.Entry<String, ConfigValue> e : file.root().entrySet()) {
            if (!KEYS.contains(e.getKey())) {
                problems.add(e.getValue().origin(), "unknown top-level setting \"" + e.getKey()
                        + "\" (expected: " + String.join(", ", KEYS) + ")");
            }
        }
        ConfigValue mail = file.root().get("mail");
        if (mail != null && mail.valueType() != ConfigValueType.OBJECT) {
            problems.add(mail.origin(), "mail: " + NginxValues.quote(mail.unwrapped()) + " (expected: a block)");
        }
        Integer threads = value("event_loop_threads", ProcessSettingsReader::threads);
        Path modules = value("modules_dir", this::path);
        Path pid = value("pid", this::path);
        Duration shutdown = value("shutdown_timeout", NginxValues::duration);
        Map<String, List<String>> phases = phases();
        Integer total = value("limit_conn_total", ProcessSettingsReader::total);
        if (threads == null || modules == null || pid == null || shutdown == null || phases == null
                || total == null) {
            return null;
        }
        return new ProcessSettings(threads, modules, pid, shutdown, phases, total);
    }

    private <T> T value(String key, Function<Object, T> parser) {
        ConfigValue v = file.hasPath(key) ? file.getValue(key) : defaults.getValue(key);
        try {
            if (v.valueType() == ConfigValueType.NULL) {
                throw new IllegalArgumentException("null (expected: a value)");
            }
            return parser.apply(v.unwrapped());
        } catch (IllegalArgumentException e) {
            problems.add(v.origin(), key + ": " + e.getMessage());
            return null;
        }
    }

    private static Integer threads(Object v) {
        if ("auto".equals(v)) {
            return 0;
        }
        try {
            long n = NginxValues.integer(v);
            if (n >= 1 && n <= 4096) {
                return (int) n;
            }
        } catch (IllegalArgumentException e) {
            // reported below with this setting's own expectation
        }
        throw new IllegalArgumentException(NginxValues.quote(v) + " (expected: auto or a whole number from 1 to 4096)");
    }

    private static Integer total(Object v) {
        if ("auto".equals(v)) {
            return 0;
        }
        try {
            long n = NginxValues.integer(v);
            if (n >= 1 && n <= Integer.MAX_VALUE) {
                return (int) n;
            }
        } catch (IllegalArgumentException e) {
            // reported below with this setting's own expectation
        }
        throw new IllegalArgumentException(NginxValues.quote(v) + " (expected: auto or a whole number >= 1)");
    }

    private Path path(Object v) {
        String s = NginxValues.string(v);
        if (s.isBlank()) {
            throw new IllegalArgumentException("\"\" (expected: a path)");
        }
        return prefix.resolve(s).normalize();
    }

    private Map<String, List<String>> phases() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        ConfigObject defaultPhases = defaults.getObject("phases");
        ConfigValue written = file.root().get("phases");
        if (written != null && written.valueType() != ConfigValueType.OBJECT) {
            problems.add(written.origin(), "phases: " + NginxValues.quote(written.unwrapped()) + " (expected: a block such as { auth = [users] })");
            return null;
        }
        ConfigObject phases = written == null ? defaultPhases : (ConfigObject) written;
        boolean ok = checkPhaseNames(phases.keySet(), phases);
        for (String phase : ProcessSettings.PHASES) {
            ConfigValue names = phases.containsKey(phase) ? phases.get(phase) : defaultPhases.get(phase);
            try {
                out.put(phase, NginxValues.stringList(names.unwrapped()));
            } catch (IllegalArgumentException e) {
                problems.add(names.origin(), "phases." + phase + ": " + e.getMessage());
                ok = false;
            }
        }
        return ok ? out : null;
    }

    private boolean checkPhaseNames(Set<String> names, ConfigObject phases) {
        boolean ok = true;
        for (String name : names) {
            if (!ProcessSettings.PHASES.contains(name)) {
                problems.add(phases.get(name).origin(), "phases: unknown phase \"" + name
                        + "\" (expected: " + String.join(", ", ProcessSettings.PHASES) + ")");
                ok = false;
            }
        }
        return ok;
    }
}
