package io.postern.module;

import io.postern.spi.SpiVersion;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a module says about itself in {@code META-INF/postern-module.properties}, read before
 * any of its classes is loaded.
 *
 * @param name the module's name, {@code [a-z][a-z0-9-]*}, unique among the loaded modules
 * @param version the module's own version, free form
 * @param spiVersion the SPI version the module was built for, {@code MAJOR.MINOR}
 * @param source where the module came from: the jar's path, or {@code classpath:<location>}
 */
public record ModuleDescriptor(String name, String version, String spiVersion, String source) {

    /** Where a module jar (or class-path location) carries its descriptor. */
    public static final String PATH = "META-INF/postern-module.properties";

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");
    private static final Pattern SPI_VERSION = Pattern.compile("(\\d+)\\.(\\d+)");

    public ModuleDescriptor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(spiVersion, "spiVersion");
        Objects.requireNonNull(source, "source");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name: " + name + " (expected: [a-z][a-z0-9-]*)");
        }
        if (version.isBlank()) {
            throw new IllegalArgumentException("version: empty (expected: the module's version)");
        }
        if (!SPI_VERSION.matcher(spiVersion).matches()) {
            throw new IllegalArgumentException("spi-version: " + spiVersion + " (expected: MAJOR.MINOR such as "
                    + SpiVersion.current() + ")");
        }
    }

    /**
     * Parses a descriptor file.
     *
     * @throws IllegalArgumentException naming the key that is missing or malformed
     * @throws IOException when the stream cannot be read
     */
    public static ModuleDescriptor read(InputStream in, String source) throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(source, "source");
        Properties properties = new Properties();
        properties.load(in);
        return new ModuleDescriptor(required(properties, "name"), required(properties, "version"),
                required(properties, "spi-version"), source);
    }

    private static String required(Properties properties, String key) {
        String value = properties.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException(key + ": missing (expected: name, version and spi-version)");
        }
        return value.trim();
    }

    /** The major part of {@link #spiVersion()}. */
    public int spiMajor() {
        return spiPart(1);
    }

    /** The minor part of {@link #spiVersion()}. */
    public int spiMinor() {
        return spiPart(2);
    }

    private int spiPart(int group) {
        Matcher matcher = SPI_VERSION.matcher(spiVersion);
        matcher.matches();
        return Integer.parseInt(matcher.group(group));
    }

    /**
     * Whether this core can run the module: same SPI major version, and a minor version no
     * newer than the core's (a newer minor may call methods this core lacks).
     */
    public boolean isCompatible() {
        return spiMajor() == SpiVersion.MAJOR && spiMinor() <= SpiVersion.MINOR;
    }

    /** Why {@link #isCompatible()} is false, without the source: the caller prefixes it. */
    String incompatibility() {
        return "module \"" + name + "\" " + version + " was built for SPI " + spiVersion
                + "; this Postern provides SPI " + SpiVersion.current();
    }
}
