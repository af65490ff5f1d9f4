package io.postern.config;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.postern.redis.RedisUris;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code mail.redis { uri = "redis://…", cluster = off, user = …, password = …,
 * timeout = 200ms, connect_timeout = 1s, key_prefix = "postern:" }}: a block of the mail level
 * only, like {@code upstreams}, because one process has one connection to one Redis.
 */
final class RedisSettingsReader {

    static final String URI = "uri";
    static final String CLUSTER = "cluster";
    static final String USER = "user";
    static final String PASSWORD = "password";
    static final String TIMEOUT = "timeout";
    static final String CONNECT_TIMEOUT = "connect_timeout";
    static final String KEY_PREFIX = "key_prefix";
    static final String SSL_TRUSTED_CERTIFICATE = "ssl_trusted_certificate";
    private static final Set<String> KEYS = Set.of(URI, CLUSTER, USER, PASSWORD, TIMEOUT, CONNECT_TIMEOUT, KEY_PREFIX,
            SSL_TRUSTED_CERTIFICATE);
    private static final String PATH = "mail.redis";

    private final Problems problems;
    private final Path configDirectory;

    /** @param configDirectory what a relative {@code ssl_trusted_certificate} is resolved against */
    RedisSettingsReader(Problems problems, Path configDirectory) {
        this.problems = problems;
        this.configDirectory = configDirectory;
    }

    /** The settings, or empty when there is no block or it has a problem (then recorded). */
    Optional<RedisSettings> read(ConfigValue value) {
        if (value == null) {
            return Optional.empty();
        }
        if (value.valueType() != ConfigValueType.OBJECT) {
            problems.add(value.origin(), PATH + ": " + NginxValues.quote(value.unwrapped())
                    + " (expected: a block such as { uri = \"redis://127.0.0.1:6379/0\" })");
            return Optional.empty();
        }
        ConfigObject block = (ConfigObject) value;
        boolean valid = true;
        for (Map.Entry<String, ConfigValue> e : block.entrySet()) {
            if (!KEYS.contains(e.getKey())) {
                problems.add(e.getValue().origin(), PATH + ": unknown setting \"" + e.getKey()
                        + "\" (expected: uri, cluster, user, password, timeout, connect_timeout, key_prefix,"
                        + " ssl_trusted_certificate)");
                valid = false;
            }
        }
        ConfigValue uri = block.get(URI);
        if (uri == null) {
            problems.add(value.origin(), PATH + ": no \"uri\" defined (expected: such as \"redis://127.0.0.1:6379/0\")");
            return Optional.empty();
        }
        try {
            String written = NginxValues.string(uri.unwrapped());
            boolean cluster = flag(block, CLUSTER, false);
            RedisUris.check(written, cluster);
            if (block.containsKey(USER) && !block.containsKey(PASSWORD)) {
                throw new Invalid(USER, block.get(USER), NginxValues.quote(block.get(USER).unwrapped())
                        + " (expected: a password beside it; an ACL user always has one)");
            }
            RedisSettings settings = new RedisSettings(written, cluster, optionalString(block, USER),
                    optionalString(block, PASSWORD),
                    positive(block, TIMEOUT, RedisSettings.DEFAULT_TIMEOUT),
                    positive(block, CONNECT_TIMEOUT, RedisSettings.DEFAULT_CONNECT_TIMEOUT),
                    block.containsKey(KEY_PREFIX) ? string(block, KEY_PREFIX) : RedisSettings.DEFAULT_KEY_PREFIX,
                    trusted(block));
            return valid ? Optional.of(settings) : Optional.empty();
        } catch (Invalid e) {
            problems.add(e.at.origin(), PATH + "." + e.key + ": " + e.getMessage());
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            problems.add(uri.origin(), PATH + "." + URI + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /** {@code ssl_trusted_certificate}: a readable file, relative to the main config file's directory. */
    private Optional<Path> trusted(ConfigObject block) {
        if (!block.containsKey(SSL_TRUSTED_CERTIFICATE)) {
            return Optional.empty();
        }
        String written = string(block, SSL_TRUSTED_CERTIFICATE);
        Path file = configDirectory.resolve(written).normalize();
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new Invalid(SSL_TRUSTED_CERTIFICATE, block.get(SSL_TRUSTED_CERTIFICATE), NginxValues.quote(written)
                    + " (expected: a readable PEM file of CA certificates; " + file + " is not)");
        }
        return Optional.of(file);
    }

    private static boolean flag(ConfigObject block, String key, boolean byDefault) {
        ConfigValue v = block.get(key);
        if (v == null) {
            return byDefault;
        }
        try {
            return NginxValues.flag(v.unwrapped());
        } catch (IllegalArgumentException e) {
            throw new Invalid(key, v, e.getMessage());
        }
    }

    private static Optional<String> optionalString(ConfigObject block, String key) {
        return block.containsKey(key) ? Optional.of(string(block, key)) : Optional.empty();
    }

    private static String string(ConfigObject block, String key) {
        ConfigValue v = block.get(key);
        try {
            return NginxValues.string(v.unwrapped());
        } catch (IllegalArgumentException e) {
            // A password is never repeated in a message, not even a wrong one.
            throw new Invalid(key, v, key.equals(PASSWORD) ? "(expected: a string)" : e.getMessage());
        }
    }

    private static Duration positive(ConfigObject block, String key, Duration byDefault) {
        ConfigValue v = block.get(key);
        if (v == null) {
            return byDefault;
        }
        Duration d;
        try {
            d = NginxValues.duration(v.unwrapped());
        } catch (IllegalArgumentException e) {
            throw new Invalid(key, v, e.getMessage());
        }
        if (d.isZero()) {
            throw new Invalid(key, v, NginxValues.quote(v.unwrapped()) + " (expected: > 0)");
        }
        return d;
    }

    /** A setting of the block with a bad value: reported at its own line. */
    private static final class Invalid extends RuntimeException {
        private final String key;
        private final ConfigValue at;

        Invalid(String key, ConfigValue at, String message) {
            super(message, null, false, false);
            this.key = key;
            this.at = at;
        }
    }
}
