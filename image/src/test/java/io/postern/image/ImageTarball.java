package io.postern.image;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The image as {@code docker load} reads a {@code docker save} tarball: manifest.json names
 * the configuration (user, entrypoint, ports, volumes) and the layers, base first, each a
 * (gzipped) tar of files. Read with the system's tar, unpacked into a directory.
 */
final class ImageTarball {

    /** One file of a layer, from {@code tar -tv}: mode, owner, path and a symbolic link's target. */
    record Entry(String mode, String owner, String path, String linkTarget) {
    }

    private final Path directory;
    private final Config manifest;
    private final Config config;

    private ImageTarball(Path directory, Config manifest, Config config) {
        this.directory = directory;
        this.manifest = manifest;
        this.config = config;
    }

    /** The image tar the build wrote, as failsafe tells it. */
    static Path built() {
        return Path.of(System.getProperty("postern.image", "target/postern-image.tar")).toAbsolutePath();
    }

    static ImageTarball unpack(Path tarball, Path directory) {
        run(List.of("tar", "-xf", tarball.toString(), "-C", directory.toString()));
        final Config manifest = json("{\"images\":" + read(directory.resolve("manifest.json")) + "}")
                .getConfigList("images").get(0);
        final Config config = json(read(directory.resolve(manifest.getString("Config"))));
        return new ImageTarball(directory, manifest, config);
    }

    /** The image configuration's {@code config} object: User, Entrypoint, ExposedPorts, ... */
    Config runConfig() {
        return config.getConfig("config");
    }

    Config configuration() {
        return config;
    }

    List<String> repoTags() {
        return manifest.getStringList("RepoTags");
    }

    List<Path> layers() {
        return manifest.getStringList("Layers").stream().map(directory::resolve).toList();
    }

    /** Every layer's files by path (no leading slash or ./), a later layer's entry winning. */
    Map<String, Entry> files() {
        final Map<String, Entry> files = new LinkedHashMap<>();
        for (Path layer : layers()) {
            for (String line : run(List.of("tar", "--warning=no-unknown-keyword", "--numeric-owner", "-tvf", layer.toString())).lines().toList()) {
                final String[] fields = line.trim().split("\\s+", 6);
                final String[] name = fields[5].split(" -> ", 2);
                String path = name[0].startsWith("./") ? name[0].substring(2) : name[0];
                path = path.startsWith("/") ? path.substring(1) : path;
                path = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
                files.put(path, new Entry(fields[0], fields[1], path, name.length > 1 ? name[1] : null));
            }
        }
        return files;
    }

    /** Unpacks every layer in order into {@code root}: the container's file system. */
    void extractLayers(Path root) {
        for (Path layer : layers()) {
            run(List.of("tar", "--warning=no-unknown-keyword", "--numeric-owner", "-xpf", layer.toString(), "-C", root.toString()));
        }
    }

    private static Config json(String text) {
        return ConfigFactory.parseString(text, ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String run(List<String> command) {
        try {
            final Path output = Files.createTempFile("tar-output", ".txt");
            try {
                final Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
                        .redirectOutput(output.toFile()).start();
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                    throw new AssertionError(String.join(" ", command) + " still running after 120s");
                }
                final String text = Files.readString(output, StandardCharsets.UTF_8);
                if (process.exitValue() != 0) {
                    throw new AssertionError(String.join(" ", command) + ": exit code " + process.exitValue() + ": " + text);
                }
                return text;
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
