package io.postern.rewrite.config;

import com.typesafe.config.ConfigOrigin;
import io.postern.spi.InvalidDirectiveException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The problems found in the rewrite settings, each as {@code file:line: path.key: what (expected: …)},
 * the way the core reports its own. A mail-level mistake read again for every server that
 * inherits it is reported once, at the path where it was first found.
 */
public final class Problems {

    /**
     * Keyed by where, what, and the key's path within its rewrite block, so a mail-level value
     * read again under a server's path counts once.
     */
    private final Map<String, InvalidDirectiveException.Problem> problems = new LinkedHashMap<>();

    /** Adds {@code path: message} at {@code origin}. */
    void add(ConfigOrigin origin, String path, String message) {
        String where = where(origin);
        String within = path.replaceFirst("^mail(\\.servers\\.[^.]+)?\\.rewrite", "");
        problems.putIfAbsent(where + "|" + within + "|" + message,
                new InvalidDirectiveException.Problem(where.isEmpty() ? "default" : where, path + ": " + message));
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    /**
     * Throws every problem, each at its file and line, one per line of the message; Postern
     * reports each at its own line (SPI 1.4's {@link InvalidDirectiveException}).
     */
    public void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new InvalidDirectiveException("rewrite", List.copyOf(problems.values()));
        }
    }

    /** {@code file:line} of a value, as the core's {@code ServerConfig.origin} writes it. */
    static String where(ConfigOrigin origin) {
        if (origin == null) {
            return "";
        }
        String file = origin.filename();
        if (file == null) {
            // A string or resource parsed with a description ("test.conf @ line 3", "test.conf: 3").
            file = origin.description().split("(:| @)", 2)[0];
        }
        return origin.lineNumber() > 0 ? file + ":" + origin.lineNumber() : file;
    }
}
