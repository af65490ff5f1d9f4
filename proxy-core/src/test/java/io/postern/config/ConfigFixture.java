package io.postern.config;

import io.postern.spi.Protocol;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/** Writes configuration files into a test's directory and loads them with the core's directives. */
final class ConfigFixture {

    static final Set<Protocol> ALL = EnumSet.allOf(Protocol.class);

    private final Path dir;

    ConfigFixture(Path dir) {
        this.dir = dir;
    }

    Path write(String name, String text) {
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DirectiveRegistry coreRegistry() {
        DirectiveRegistry registry = new DirectiveRegistry();
        CoreDirectives.registerAll(registry);
        return registry;
    }

    PosternConfig load(String text) throws ConfigException {
        return load(text, coreRegistry());
    }

    PosternConfig load(String text, DirectiveRegistry registry) throws ConfigException {
        Path file = write("postern.conf", text);
        return ConfigLoader.validate(ConfigLoader.parse(file, dir), registry, ALL);
    }

    /** The path the loader reports for a file of this name. */
    String path(String name) {
        return dir.resolve(name).toAbsolutePath().normalize().toString();
    }
}
