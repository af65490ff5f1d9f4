package io.postern.module;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Optional;
import java.util.jar.JarFile;

/**
 * Reads files that belong to one class's own jar or directory. Going through a shared
 * loader's {@code getResource} instead would return the first match on the whole class
 * path, which may be another module's descriptor or {@code reference.conf}.
 */
final class CodeSources {

    private CodeSources() {
    }

    /** The local jar file or directory the class was loaded from, if it has one. */
    static Optional<Path> locationOf(Class<?> type) {
        CodeSource codeSource = type.getProtectionDomain().getCodeSource();
        if (codeSource == null || codeSource.getLocation() == null
                || !"file".equals(codeSource.getLocation().getProtocol())) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(codeSource.getLocation().toURI()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The URL of an entry of a jar or directory, or {@code null} when there is no such entry. */
    static URL entry(Path location, String name) throws IOException {
        if (Files.isDirectory(location)) {
            Path file = location.resolve(name);
            return Files.isRegularFile(file) ? file.toUri().toURL() : null;
        }
        try (JarFile jar = new JarFile(location.toFile())) {
            if (jar.getJarEntry(name) == null) {
                return null;
            }
        }
        return new URL("jar:" + location.toUri() + "!/" + name);
    }

    /** Opens the URL without the JDK's jar cache, which would keep the jar open for good. */
    static InputStream open(URL url) throws IOException {
        URLConnection connection = url.openConnection();
        connection.setUseCaches(false);
        return connection.getInputStream();
    }

    /**
     * The same URL, opened without the jar cache, for code that opens URLs itself (Typesafe
     * Config): a cached {@code jar:} connection keeps the module jar open after its loader is
     * closed. Relative URLs built from it ({@code include}) inherit the handler.
     */
    static URL uncached(URL url) {
        try {
            return new URL(null, url.toExternalForm(), new UncachedHandler());
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("url: " + url + " (expected: a valid URL)", e);
        }
    }

    private static final class UncachedHandler extends URLStreamHandler {
        @Override
        protected URLConnection openConnection(URL url) throws IOException {
            URLConnection connection = new URL(url.toExternalForm()).openConnection();
            connection.setUseCaches(false);
            return connection;
        }
    }
}
