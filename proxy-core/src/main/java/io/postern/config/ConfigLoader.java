package io.postern.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import io.postern.spi.Protocol;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

/**
 * Loads a configuration in two steps, because the modules that own some directives are found
 * through a setting of the file itself ({@code modules_dir}):
 * {@link #parse} before the modules are loaded, {@link #validate} after they registered
 * their directives.
 */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    /**
     * Reads the file (HOCON syntax, includes relative to the including file, substitutions
     * with environment variables as fallback) and checks the process settings.
     *
     * @param file the main configuration file
     * @param prefix the directory relative paths are resolved against (nginx's {@code -p})
     */
    public static RawConfig parse(Path file, Path prefix) throws ConfigException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(prefix, "prefix");
        Path absolute = file.toAbsolutePath().normalize();
        Path root = prefix.toAbsolutePath().normalize();
        if (!Files.isRegularFile(absolute) || !Files.isReadable(absolute)) {
            throw ConfigException.of(null, -1, "could not open configuration file \"" + absolute + "\"");
        }
        Config config;
        try {
            config = ConfigFactory.parseFile(absolute.toFile(),
                    ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false)).resolve();
        } catch (com.typesafe.config.ConfigException e) {
            throw fromTypesafe(e, absolute);
        }
        Problems problems = new Problems();
        ProcessSettings process = new ProcessSettingsReader(config, CoreDirectives.referenceConfig(), root, problems).read();
        problems.throwIfAny();
        return new RawConfig(absolute, root, config, process);
    }

    /**
     * Checks the {@code mail} block against the registered directives, merges each server over
     * the mail level over the defaults, and reports every problem found.
     *
     * @param supportedProtocols the protocols this build can serve; a server of another is an error
     */
    public static PosternConfig validate(RawConfig raw, DirectiveRegistry registry, Set<Protocol> supportedProtocols)
            throws ConfigException {
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(supportedProtocols, "supportedProtocols");
        return new MailValidator(raw, registry, supportedProtocols).validate();
    }

    /**
     * A Typesafe syntax or substitution error, with its own origin prefix moved into file and
     * line; a syntax error nginx's habits explain (see {@link SyntaxHints}) says so instead.
     */
    private static ConfigException fromTypesafe(com.typesafe.config.ConfigException e, Path file) {
        ConfigOrigin origin = e.origin();
        String message = e.getMessage();
        if (origin == null) {
            return ConfigException.of(file.toString(), -1, message);
        }
        String prefix = origin.description() + ": ";
        if (message.startsWith(prefix)) {
            message = message.substring(prefix.length());
        }
        String where = origin.filename() != null ? origin.filename() : file.toString();
        if (e instanceof com.typesafe.config.ConfigException.Parse) {
            var hint = SyntaxHints.explain(Path.of(where), origin.lineNumber());
            if (hint.isPresent()) {
                return new ConfigException(java.util.List.of(hint.get()));
            }
        }
        return ConfigException.of(where, origin.lineNumber(), message);
    }
}
