package io.postern.spi;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The effective settings of one server block: its own directives merged over the
 * {@code mail} block's (nginx's inheritance) over the owners' defaults. Values were checked
 * against their {@link Directive}s at start-up, so the typed getters below only fail for a
 * directive nobody declared (a programming error, reported as
 * {@link IllegalArgumentException}). Immutable and safe to use from any thread.
 */
public interface ServerConfig {

    /** The block's name under {@code mail.servers}, or {@code "mail"} for the mail level itself. */
    String name();

    /** The protocol this server speaks. */
    Protocol protocol();

    /** Whether the directive is set (explicitly or by a default). */
    boolean has(String directive);

    String string(String directive);

    Optional<String> optionalString(String directive);

    List<String> strings(String directive);

    boolean flag(String directive);

    Duration duration(String directive);

    /** A size in bytes. */
    long size(String directive);

    long integer(String directive);

    Map<String, String> object(String directive);

    /** The raw HOCON of the effective settings, for modules with structured settings. */
    Config raw();

    /** Where the value of the directive was set, as {@code file:line}, for error messages. */
    String origin(String directive);

    /**
     * The exception to throw from {@code configure} for this server's value of the directive
     * that cannot be used: {@code throw server.invalid("auth_cache_size", size + " (expected: >= 1)")}.
     * Postern puts the file and line where the value was written in front of it; the message
     * must not carry them itself. Added in SPI 1.4.
     *
     * @param problem the value and what was expected, without the directive's name
     */
    default InvalidDirectiveException invalid(String directive, String problem) {
        return new InvalidDirectiveException(directive, origin(directive), problem);
    }
}
