package io.postern.nginx;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One directive of an nginx configuration, as nginx's parser sees it: its name, its
 * arguments (quotes removed, escapes applied, variables left as text) and, for a block, the
 * directives inside it.
 *
 * @param name the directive's name
 * @param args its arguments, in order
 * @param block the directives of its block, or {@code null} when it ends with {@code ;}
 * @param file the file it was read from
 * @param line the line its name is on
 */
public record NginxStatement(String name, List<String> args, List<NginxStatement> block, Path file, int line) {

    public NginxStatement {
        Objects.requireNonNull(name, "name");
        args = List.copyOf(args);
        block = block == null ? null : List.copyOf(block);
        Objects.requireNonNull(file, "file");
    }

    /** Whether it is a block ({@code mail { … }}) rather than a simple directive. */
    public boolean isBlock() {
        return block != null;
    }

    /** {@code file:line}, as the warnings and errors name it. */
    public String where() {
        return file + ":" + line;
    }
}
