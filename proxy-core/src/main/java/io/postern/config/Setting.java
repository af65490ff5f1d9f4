package io.postern.config;

import com.typesafe.config.ConfigValue;

/**
 * A directive's checked value and where it was written.
 *
 * @param value the normalized value: String, List of String, Boolean, Duration, Long
 *     (sizes and integers) or Map of String to String
 * @param raw the value as written, kept for {@link io.postern.spi.ServerConfig#raw()}
 * @param file the file it was written in, {@code null} for a default
 * @param line its line, below 1 if unknown
 */
record Setting(Object value, ConfigValue raw, String file, int line) {

    static Setting written(Object value, ConfigValue raw) {
        return new Setting(value, raw, Problems.fileOf(raw.origin()), raw.origin().lineNumber());
    }

    static Setting byDefault(Object value, ConfigValue raw) {
        return new Setting(value, raw, null, -1);
    }

    /** {@code file:line}, or {@code "default"}. */
    String origin() {
        if (file == null) {
            return "default";
        }
        return line > 0 ? file + ":" + line : file;
    }
}
