package io.postern.config;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A configuration file that parsed (syntax, includes, substitutions) and whose process
 * settings are valid; its {@code mail} block is checked later by
 * {@link ConfigLoader#validate}, once the modules' directives are known.
 *
 * @param file the main file, absolute
 * @param prefix the directory relative paths are resolved against, absolute
 * @param config the whole resolved file
 * @param process the top-level settings
 */
public record RawConfig(Path file, Path prefix, Config config, ProcessSettings process) {

    public RawConfig {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(process, "process");
    }
}
