package io.postern.distribution;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The .deb the build wrote, as dpkg-deb reads it: control fields, conffiles, files, scripts. */
final class DebianPackage {

    /** One line of {@code dpkg-deb -c}: {@code -rwxr-xr-x root/root 4104 date time ./path [-> target]}. */
    record Entry(String mode, String owner, String path, String linkTarget) {
        boolean isDirectory() {
            return mode.startsWith("d");
        }

        boolean isExecutable() {
            return mode.charAt(3) == 'x' && mode.charAt(6) == 'x' && mode.charAt(9) == 'x';
        }
    }

    private final Path file;

    private DebianPackage(Path file) {
        this.file = file;
    }

    /** {@code target/postern_VERSION_all.deb}, beside the distribution directory. */
    static DebianPackage built() {
        final Path target = Distribution.home().getParent();
        try (Stream<Path> files = Files.list(target)) {
            final List<Path> debs = files.filter(p -> p.getFileName().toString().matches("postern_.+_all\\.deb")).toList();
            if (debs.size() != 1) {
                throw new AssertionError("expected one postern_*_all.deb in " + target + ", found " + debs);
            }
            return new DebianPackage(debs.get(0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path file() {
        return file;
    }

    String field(String name) {
        return Command.run("dpkg-deb", "-f", file.toString(), name).ok().output().trim();
    }

    /** A control-archive member: {@code conffiles}, {@code postinst}, ... */
    String controlFile(String name) {
        return Command.run("dpkg-deb", "-I", file.toString(), name).ok().output();
    }

    List<String> conffiles() {
        return controlFile("conffiles").lines().filter(line -> !line.isBlank()).toList();
    }

    /** The files, by absolute path. */
    Map<String, Entry> contents() {
        final Map<String, Entry> entries = new LinkedHashMap<>();
        for (String line : Command.run("dpkg-deb", "-c", file.toString()).ok().output().lines().toList()) {
            final String[] fields = line.trim().split("\\s+", 6);
            final String[] name = fields[5].split(" -> ", 2);
            String path = name[0].substring(1); // ./usr/... -> /usr/...
            if (path.length() > 1 && path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            entries.put(path, new Entry(fields[0], fields[1], path, name.length > 1 ? name[1] : null));
        }
        return entries;
    }

    /** Unpacks the files (not the scripts) under {@code root}, as dpkg -x does. */
    void extract(Path root) {
        Command.run("dpkg-deb", "-x", file.toString(), root.toString()).ok();
    }

    /** The control archive (control, conffiles, maintainer scripts) into {@code directory}. */
    void extractControl(Path directory) {
        Command.run("dpkg-deb", "-e", file.toString(), directory.toString()).ok();
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
