package io.postern.nginx;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Reads an nginx configuration file into its statements, following {@code include} as nginx
 * does ({@code ngx_conf_include}): a relative path is relative to the directory of the main
 * configuration file (nginx's conf prefix), not to the including file; a name with
 * {@code *}, {@code ?} or {@code [} is a glob whose matches are read in sorted order, and a
 * glob that matches nothing is no error, while a plain file that is missing is.
 */
public final class NginxConfigReader {

    /** Deeper than this, an include is taken for a loop (nginx would recurse until it runs out of memory). */
    private static final int MAX_INCLUDE_DEPTH = 32;

    private final Path confPrefix;

    private NginxConfigReader(Path confPrefix) {
        this.confPrefix = confPrefix;
    }

    /** The statements of {@code file} and of everything it includes, includes replaced by what they read. */
    public static List<NginxStatement> read(Path file) throws NginxSyntaxException, IOException {
        Objects.requireNonNull(file, "file");
        Path main = file.toAbsolutePath().normalize();
        Path parent = main.getParent();
        return new NginxConfigReader(parent != null ? parent : main).file(main, 0);
    }

    private List<NginxStatement> file(Path file, int depth) throws NginxSyntaxException, IOException {
        String text = Files.readString(file, StandardCharsets.ISO_8859_1); // bytes as nginx sees them
        return block(new NginxTokenizer(text, file), file, depth, -1);
    }

    /** The statements up to the {@code }} closing a block opened on {@code openLine}, or to the end of the file. */
    private List<NginxStatement> block(NginxTokenizer tokenizer, Path file, int depth, int openLine)
            throws NginxSyntaxException, IOException {
        List<NginxStatement> out = new ArrayList<>();
        while (true) {
            NginxTokenizer.Statement s = tokenizer.next();
            switch (s.end()) {
                case EOF -> {
                    if (openLine > 0) {
                        throw new NginxSyntaxException(file, openLine,
                                "unexpected end of file, expecting \"}\" to close the block opened here");
                    }
                    return out;
                }
                case BLOCK_END -> {
                    if (openLine < 0) {
                        throw new NginxSyntaxException(file, s.line(), "unexpected \"}\"");
                    }
                    return out;
                }
                case BLOCK_START -> out.add(new NginxStatement(s.words().get(0), s.words().subList(1, s.words().size()),
                        block(tokenizer, file, depth, s.line()), file, s.line()));
                case SEMICOLON -> {
                    NginxStatement statement = new NginxStatement(s.words().get(0),
                            s.words().subList(1, s.words().size()), null, file, s.line());
                    if (statement.name().equals("include")) {
                        out.addAll(include(statement, depth));
                    } else {
                        out.add(statement);
                    }
                }
                default -> throw new IllegalStateException(s.end().name());
            }
        }
    }

    private List<NginxStatement> include(NginxStatement include, int depth) throws NginxSyntaxException, IOException {
        if (include.args().size() != 1) {
            throw new NginxSyntaxException(include.file(), include.line(),
                    "invalid number of arguments in \"include\" directive");
        }
        if (depth >= MAX_INCLUDE_DEPTH) {
            throw new NginxSyntaxException(include.file(), include.line(),
                    "includes nested deeper than " + MAX_INCLUDE_DEPTH + " (an include loop?)");
        }
        String name = include.args().get(0);
        Path target = confPrefix.resolve(name).normalize();
        List<NginxStatement> out = new ArrayList<>();
        if (!isGlob(name)) {
            if (!Files.isRegularFile(target)) {
                throw new NginxSyntaxException(include.file(), include.line(),
                        "open() \"" + target + "\" failed (No such file or directory)");
            }
            return file(target, depth + 1);
        }
        for (Path match : glob(target)) {
            out.addAll(file(match, depth + 1));
        }
        return out;
    }

    private static boolean isGlob(String name) {
        return name.indexOf('*') >= 0 || name.indexOf('?') >= 0 || name.indexOf('[') >= 0;
    }

    /**
     * The files matching a glob, sorted as glob(3) sorts them. Only the last path element may
     * hold wildcards here (nginx's {@code conf.d/*.conf} habit); earlier ones are taken literally.
     */
    private static List<Path> glob(Path pattern) throws IOException {
        Path dir = pattern.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        String glob = pattern.getFileName().toString();
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        boolean dotFiles = glob.startsWith("."); // glob(3): a wildcard never matches a leading dot
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> matcher.matches(p.getFileName()) && Files.isRegularFile(p))
                    .filter(p -> dotFiles || !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }
}
