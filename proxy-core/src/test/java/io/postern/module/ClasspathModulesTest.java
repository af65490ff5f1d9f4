package io.postern.module;

import static io.postern.module.ModuleTestSupport.closeAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postern.spi.PosternModule;
import io.postern.testing.TestModuleJar;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Modules on the core's own class path, which share its loader but not their descriptors. */
class ClasspathModulesTest {

    @TempDir
    Path temp;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    /**
     * A class path holding only the given locations and the SPI: the test's own class path
     * may hold modules of other packages' tests.
     */
    private ClassLoader classpath(Path... locations) throws IOException {
        ModuleClassLoader spiOnly = new ModuleClassLoader("spi-only", List.of(), PosternModule.class.getClassLoader());
        URL[] urls = new URL[locations.length];
        for (int i = 0; i < locations.length; i++) {
            urls[i] = locations[i].toUri().toURL();
        }
        URLClassLoader loader = new URLClassLoader(urls, spiOnly);
        toClose.add(spiOnly);
        toClose.add(loader);
        return loader;
    }

    private List<LoadedModule> load(ClassLoader classpath) throws ModuleLoadException {
        List<LoadedModule> loaded = ModuleLoader.load(temp.resolve("modules"), classpath);
        toClose.add(() -> closeAll(loaded));
        return loaded;
    }

    @Test
    void readsEachDescriptorFromTheProvidersOwnJar() throws Exception {
        Path one = TestModuleJar.named("one").module("com.example.one.One", "")
                .resource("reference.conf", "one = 1").writeTo(temp.resolve("lib"));
        Path two = TestModuleJar.named("two").module("com.example.two.Two", "")
                .resource("reference.conf", "two = 2").writeTo(temp.resolve("lib"));

        List<LoadedModule> loaded = load(classpath(one, two));

        assertThat(loaded).extracting(m -> m.module().getClass().getName(), m -> m.descriptor().name(),
                        m -> m.descriptor().source())
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("com.example.one.One", "one", "classpath:" + one),
                        org.assertj.core.groups.Tuple.tuple("com.example.two.Two", "two", "classpath:" + two));
        assertThat(loaded).allSatisfy(m -> assertThat(m.reference()).hasValueSatisfying(c ->
                assertThat(c.root().keySet()).containsExactly(m.name())));
    }

    @Test
    void readsDescriptorAndReferenceFromAClassDirectory() throws Exception {
        Path jar = TestModuleJar.named("dir").module("com.example.dir.Dir", "")
                .resource("reference.conf", "dir.answer = 42").writeTo(temp.resolve("lib"));
        Path classes = unpack(jar, temp.resolve("classes"));

        List<LoadedModule> loaded = load(classpath(classes));

        assertThat(loaded).singleElement().satisfies(m -> {
            assertThat(m.descriptor().source()).isEqualTo("classpath:" + classes);
            assertThat(m.reference()).hasValueSatisfying(c -> assertThat(c.getInt("dir.answer")).isEqualTo(42));
        });
    }

    @Test
    void loadsClasspathModulesBeforeJarModules() throws Exception {
        Path lib = TestModuleJar.named("zz-classpath").module("com.example.cp.Cp", "").writeTo(temp.resolve("lib"));
        TestModuleJar.named("aa-jar").module("com.example.jar.Jar", "").writeTo(temp.resolve("modules"));

        assertThat(load(classpath(lib))).extracting(LoadedModule::name).containsExactly("zz-classpath", "aa-jar");
    }

    @Test
    void refusesClasspathProviderWithoutDescriptorNamingItsLocation() throws Exception {
        Path jar = TestModuleJar.named("bare").withoutDescriptor().module("com.example.bare.Bare", "")
                .writeTo(temp.resolve("lib"));
        ClassLoader classpath = classpath(jar);

        assertThatThrownBy(() -> load(classpath))
                .hasMessage("classpath:" + jar + ": no META-INF/postern-module.properties for module"
                        + " com.example.bare.Bare (expected: the module's name, version and spi-version)");
    }

    @Test
    void refusesDuplicateNameAcrossClasspathAndModulesDirectoryNamingBoth() throws Exception {
        Path lib = TestModuleJar.named("twin").module("com.example.a.Twin", "").writeTo(temp.resolve("lib"));
        Path jar = TestModuleJar.named("twin").module("com.example.b.Twin", "").writeTo(temp.resolve("modules"));
        ClassLoader classpath = classpath(lib);

        assertThatThrownBy(() -> load(classpath))
                .hasMessage("duplicate module name \"twin\": classpath:" + lib + " and " + jar);
    }

    private static Path unpack(Path jar, Path dir) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry entry : java.util.Collections.list(file.entries())) {
                Path target = dir.resolve(entry.getName());
                Files.createDirectories(target.getParent());
                try (InputStream in = file.getInputStream(entry)) {
                    Files.copy(in, target);
                }
            }
        }
        return dir;
    }
}
