package io.postern.testing;

import io.postern.spi.PosternModule;
import io.postern.spi.SpiVersion;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Builds a Postern module jar while a test runs: Java sources compiled against the test class
 * path, the descriptor, the services file, and any resources, written into a directory (a
 * test's {@code modules/}). For tests of the module loader and for end-to-end tests that need
 * a module the build does not package.
 *
 * <pre>{@code
 * Path jar = TestModuleJar.named("hello")
 *         .module("com.example.hello.HelloModule", "context.addAuthenticator(\"hello\", r -> ...);")
 *         .resource("reference.conf", "hello.greeting = hi")
 *         .writeTo(modulesDir);
 * }</pre>
 *
 * <p>The descriptor defaults to version {@code 1.0.0} and this core's SPI version; the file
 * name to {@code <name>-<version>.jar}. Nothing is validated, so tests can build broken jars.
 */
public final class TestModuleJar {

    private static final String DESCRIPTOR = "META-INF/postern-module.properties";
    private static final String SERVICES = "META-INF/services/" + PosternModule.class.getName();

    private final Map<String, String> descriptor = new LinkedHashMap<>();
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final List<String> providers = new ArrayList<>();
    private final Map<String, byte[]> resources = new LinkedHashMap<>();
    private final List<Path> classpath = new ArrayList<>();
    private boolean withDescriptor = true;
    private String fileName;

    private TestModuleJar(String name) {
        descriptor.put("name", name);
        descriptor.put("version", "1.0.0");
        descriptor.put("spi-version", SpiVersion.current());
    }

    /** A module jar whose descriptor names the module {@code name}. */
    public static TestModuleJar named(String name) {
        return new TestModuleJar(Objects.requireNonNull(name, "name"));
    }

    public TestModuleJar version(String version) {
        return descriptorProperty("version", version);
    }

    /** The SPI version the descriptor claims, {@code MAJOR.MINOR}. */
    public TestModuleJar spiVersion(String spiVersion) {
        return descriptorProperty("spi-version", spiVersion);
    }

    /** Sets a descriptor key; {@code null} removes it (to test a descriptor missing a key). */
    public TestModuleJar descriptorProperty(String key, String value) {
        Objects.requireNonNull(key, "key");
        if (value == null) {
            descriptor.remove(key);
        } else {
            descriptor.put(key, value);
        }
        return this;
    }

    /** Leaves {@code META-INF/postern-module.properties} out of the jar. */
    public TestModuleJar withoutDescriptor() {
        withDescriptor = false;
        return this;
    }

    /** A class to compile into the jar, by its binary name and its full source. */
    public TestModuleJar source(String className, String javaSource) {
        sources.put(Objects.requireNonNull(className, "className"), Objects.requireNonNull(javaSource, "javaSource"));
        return this;
    }

    /** Lists the class in {@code META-INF/services/io.postern.spi.PosternModule}. */
    public TestModuleJar provider(String className) {
        providers.add(Objects.requireNonNull(className, "className"));
        return this;
    }

    /**
     * Shorthand for a module class whose {@code configure(ModuleContext context)} runs the
     * given statements, listed as the provider. The source imports {@code io.postern.spi.*}
     * and {@code java.util.concurrent.CompletableFuture}.
     */
    public TestModuleJar module(String className, String configureBody) {
        return source(className, moduleSource(className, configureBody)).provider(className);
    }

    /** A text file in the jar, such as {@code reference.conf}. */
    public TestModuleJar resource(String path, String content) {
        return resource(path, Objects.requireNonNull(content, "content").getBytes(StandardCharsets.UTF_8));
    }

    /** Any file in the jar, by its path inside the jar. */
    public TestModuleJar resource(String path, byte[] content) {
        resources.put(Objects.requireNonNull(path, "path"), Objects.requireNonNull(content, "content").clone());
        return this;
    }

    /** Extra class-path entries to compile against (another module's jar, say). */
    public TestModuleJar classpath(Path... entries) {
        classpath.addAll(List.of(entries));
        return this;
    }

    /** The jar's file name instead of {@code <name>-<version>.jar}. */
    public TestModuleJar fileName(String fileName) {
        this.fileName = Objects.requireNonNull(fileName, "fileName");
        return this;
    }

    /**
     * Compiles the sources and writes the jar into {@code dir}, creating the directory.
     *
     * @return the jar's path
     * @throws IllegalStateException when the sources do not compile, with javac's messages
     */
    public Path writeTo(Path dir) {
        Objects.requireNonNull(dir, "dir");
        Map<String, byte[]> classes = compile(sources, classpath);
        String name = fileName != null ? fileName
                : descriptor.getOrDefault("name", "module") + "-" + descriptor.getOrDefault("version", "0") + ".jar";
        try {
            Files.createDirectories(dir);
            Path jar = dir.resolve(name);
            write(jar, classes);
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + name + " in " + dir, e);
        }
    }

    private void write(Path jar, Map<String, byte[]> classes) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            if (withDescriptor) {
                String properties = descriptor.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue() + "\n").collect(Collectors.joining());
                entry(out, DESCRIPTOR, properties.getBytes(StandardCharsets.ISO_8859_1));
            }
            if (!providers.isEmpty()) {
                entry(out, SERVICES, (String.join("\n", providers) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            for (Map.Entry<String, byte[]> c : classes.entrySet()) {
                entry(out, c.getKey(), c.getValue());
            }
            for (Map.Entry<String, byte[]> r : resources.entrySet()) {
                entry(out, r.getKey(), r.getValue());
            }
        }
    }

    private static void entry(JarOutputStream out, String path, byte[] content) throws IOException {
        out.putNextEntry(new JarEntry(path));
        out.write(content);
        out.closeEntry();
    }

    /** Writes a file that ends in {@code .jar} but is no zip at all. */
    public static Path corrupt(Path dir, String fileName) {
        try {
            Files.createDirectories(dir);
            return Files.write(dir.resolve(fileName), "this is not a zip file\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + fileName + " in " + dir, e);
        }
    }

    /** The source of a module class whose {@code configure} runs {@code configureBody}. */
    public static String moduleSource(String className, String configureBody) {
        int dot = className.lastIndexOf('.');
        String pkg = dot < 0 ? "" : "package " + className.substring(0, dot) + ";\n";
        return pkg + "import io.postern.spi.*;\n"
                + "import java.util.concurrent.CompletableFuture;\n"
                + "public final class " + className.substring(dot + 1) + " implements PosternModule {\n"
                + "    @Override public void configure(ModuleContext context) {\n"
                + "        " + configureBody + "\n"
                + "    }\n"
                + "}\n";
    }

    /**
     * Compiles sources in memory against the test class path plus {@code extraClasspath}.
     *
     * @return class files by their path in a jar ({@code com/example/Foo.class}), nested classes included
     */
    public static Map<String, byte[]> compile(Map<String, String> sources, List<Path> extraClasspath) {
        if (sources.isEmpty()) {
            return Map.of();
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no system Java compiler (expected: tests run on a JDK)");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Map<String, ByteArrayOutputStream> output = new TreeMap<>();
        List<JavaFileObject> units = sources.entrySet().stream()
                .map(e -> sourceFile(e.getKey(), e.getValue())).toList();
        List<String> options = List.of("-classpath", classpath(extraClasspath), "-proc:none", "-nowarn");
        try (StandardJavaFileManager standard = javac.getStandardFileManager(diagnostics, Locale.ROOT,
                StandardCharsets.UTF_8);
             JavaFileManager files = new InMemoryOutput(standard, output)) {
            if (!javac.getTask(null, files, diagnostics, options, null, units).call()) {
                throw new IllegalStateException("test module sources do not compile:\n" + diagnostics.getDiagnostics()
                        .stream().map(d -> d.toString()).collect(Collectors.joining("\n")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, byte[]> classes = new TreeMap<>();
        output.forEach((path, bytes) -> classes.put(path, bytes.toByteArray()));
        return classes;
    }

    private static String classpath(List<Path> extra) {
        List<String> entries = new ArrayList<>();
        entries.add(System.getProperty("java.class.path"));
        extra.forEach(p -> entries.add(p.toString()));
        return String.join(File.pathSeparator, entries);
    }

    private static JavaFileObject sourceFile(String className, String source) {
        URI uri = URI.create("string:///" + className.replace('.', '/') + JavaFileObject.Kind.SOURCE.extension);
        return new SimpleJavaFileObject(uri, JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
    }

    /** Keeps javac's class files in memory instead of writing them next to the sources. */
    private static final class InMemoryOutput extends ForwardingJavaFileManager<StandardJavaFileManager> {
        private final Map<String, ByteArrayOutputStream> output;

        InMemoryOutput(StandardJavaFileManager delegate, Map<String, ByteArrayOutputStream> output) {
            super(delegate);
            this.output = output;
        }

        @Override
        public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                                                   FileObject sibling) {
            String path = className.replace('.', '/') + kind.extension;
            return new SimpleJavaFileObject(URI.create("mem:///" + path), kind) {
                @Override
                public OutputStream openOutputStream() {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    output.put(path, bytes);
                    return bytes;
                }
            };
        }
    }
}
