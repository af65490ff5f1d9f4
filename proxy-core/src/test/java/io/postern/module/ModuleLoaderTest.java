package io.postern.module;

import static io.postern.module.ModuleTestSupport.answer;
import static io.postern.module.ModuleTestSupport.authenticate;
import static io.postern.module.ModuleTestSupport.authenticator;
import static io.postern.module.ModuleTestSupport.closeAll;
import static io.postern.module.ModuleTestSupport.configure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postern.spi.AuthDecision;
import io.postern.spi.SpiVersion;
import io.postern.testing.TestModuleJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleLoaderTest {

    private static final String HELLO = """
            String greeting = context.mail().string("greeting");
            context.addAuthenticator("hello", request -> CompletableFuture.completedFuture(
                    request.credentials().user().equals("alice")
                            ? AuthDecision.accepted()
                            : AuthDecision.rejected(greeting + " from " + context.moduleName()
                                    + ", " + request.credentials().user())));""";

    @TempDir
    Path temp;

    private Path modules() {
        return temp.resolve("modules");
    }

    @Test
    void loadsJarModuleAndItsAuthenticatorAnswers() throws Exception {
        Path jar = TestModuleJar.named("hello").version("0.1.0")
                .module("com.example.hello.HelloModule", HELLO).writeTo(modules());

        List<LoadedModule> loaded = ModuleLoader.load(modules(), null);
        try {
            assertThat(loaded).singleElement().satisfies(m -> {
                assertThat(m.descriptor()).isEqualTo(
                        new ModuleDescriptor("hello", "0.1.0", SpiVersion.current(), jar.toString()));
                assertThat(m.module().getClass().getClassLoader()).isSameAs(m.loader());
            });
            Phases phases = configure(loaded);
            assertThat(phases.authenticators()).extracting(Named::module, Named::name)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("hello", "hello"));
            assertThat(authenticate(authenticator(phases, "hello"), "alice")).isInstanceOf(AuthDecision.Accepted.class);
            assertThat(answer(authenticator(phases, "hello"), "bob")).isEqualTo("hello from hello, bob");
        } finally {
            closeAll(loaded);
        }
    }

    @Test
    void findsNoModulesWhenTheDirectoryDoesNotExist() throws Exception {
        assertThat(ModuleLoader.load(temp.resolve("missing"), null)).isEmpty();
    }

    @Test
    void loadsJarsInFileNameOrderAndIgnoresOtherFiles() throws Exception {
        TestModuleJar.named("zeta").fileName("b.jar").module("com.example.z.Z", "").writeTo(modules());
        TestModuleJar.named("alpha").fileName("c.jar").module("com.example.a.A", "").writeTo(modules());
        TestModuleJar.named("mid").fileName("a.jar").module("com.example.m.M", "").writeTo(modules());
        Files.writeString(modules().resolve("README.txt"), "not a module");

        List<LoadedModule> loaded = ModuleLoader.load(modules(), null);
        try {
            assertThat(loaded).extracting(LoadedModule::name).containsExactly("mid", "zeta", "alpha");
        } finally {
            closeAll(loaded);
        }
    }

    @Test
    void refusesWrongSpiMajorVersionNamingTheJar() {
        String spi = (SpiVersion.MAJOR + 1) + ".0";
        Path jar = TestModuleJar.named("foo").version("2.1.0").spiVersion(spi)
                .module("com.example.foo.Foo", "").writeTo(modules());

        assertThatThrownBy(() -> ModuleLoader.load(modules(), null))
                .isInstanceOf(ModuleLoadException.class)
                .hasMessage(jar + ": module \"foo\" 2.1.0 was built for SPI " + spi
                        + "; this Postern provides SPI " + SpiVersion.current());
    }

    @Test
    void refusesNewerSpiMinorVersion() {
        String spi = SpiVersion.MAJOR + "." + (SpiVersion.MINOR + 1);
        Path jar = TestModuleJar.named("foo").spiVersion(spi).module("com.example.foo.Foo", "").writeTo(modules());

        assertThatThrownBy(() -> ModuleLoader.load(modules(), null))
                .hasMessage(jar + ": module \"foo\" 1.0.0 was built for SPI " + spi
                        + "; this Postern provides SPI " + SpiVersion.current());
    }

    @Test
    void refusesCorruptJarNamingIt() {
        Path jar = TestModuleJar.corrupt(modules(), "broken.jar");

        assertThatThrownBy(() -> ModuleLoader.load(modules(), null))
                .hasMessageStartingWith(jar + ": not a valid jar file (");
    }

    @Test
    void refusesJarWithoutDescriptor() {
        Path jar = TestModuleJar.named("foo").withoutDescriptor().module("com.example.foo.Foo", "").writeTo(modules());

        assertThatThrownBy(() -> ModuleLoader.load(modules(), null))
                .hasMessage(jar + ": no META-INF/postern-module.properties"
                        + " (expected: the module's name, version and spi-version)");
    }

    @Test
    void refusesDescriptorWithInvalidName() {
        Path jar = TestModuleJar.named("Foo_Bar").module("com.example.foo.Foo", "").writeTo(modules());

        assertThatThrownBy(() -> ModuleLoader.load(modules(), null))
                .hasMessage(jar + ": META-INF/postern-module.properties: name: Foo_Bar (expected: [a-z][a-z0-9-]*)");
    }

    @Test
    void refusesDescriptorMissingSpiVersion() {
        Path jar = TestModuleJar.named("foo").descriptorProperty("spi-version", null)
                .module("com.example.foo.Foo", "").writeTo(modules());

        assertThatThrownBy(() -> ModuleLoader.load(modules(), null))
                .hasMessage(jar + ": META-INF/postern-module.properties: spi-version: missing"
                        + " (expected: name, version and spi-version)");
    }

    @Test
    void refusesJarWithoutProvider() {
        Path jar = TestModuleJar.named("foo")
                .source("com.example.foo.Foo", TestModuleJar.moduleSource("com.example.foo.Foo", ""))
                .writeTo(modules());

        assertThatThrownBy(() -> ModuleLoader.load(modules(), null))
                .hasMessage(jar + ": no module provider (expected: the class implementing io.postern.spi.PosternModule"
                        + " listed in META-INF/services/io.postern.spi.PosternModule)");
    }

    @Test
    void refusesJarWithTwoProviders() {
        Path jar = TestModuleJar.named("foo").module("com.example.foo.A", "").module("com.example.foo.B", "")
                .writeTo(modules());

        assertThatThrownBy(() -> ModuleLoader.load(modules(), null))
                .hasMessage(jar + ": 2 module providers [com.example.foo.A, com.example.foo.B] (expected: one per jar)");
    }

    @Test
    void refusesJarBundlingTheSpi() {
        Path jar = TestModuleJar.named("foo").module("com.example.foo.Foo", "")
                .resource("io/postern/spi/PosternModule.class", new byte[] {0})
                .writeTo(modules());

        assertThatThrownBy(() -> ModuleLoader.load(modules(), null))
                .hasMessage(jar + ": bundles the Postern SPI (io/postern/spi/PosternModule.class);"
                        + " build it against proxy-core's spi jar with provided scope");
    }

    @Test
    void warnsOfABundledSlf4jAndTypesafeConfigNamingTheJarAndBothVersions() throws Exception {
        Path jar = TestModuleJar.named("foo").module("com.example.foo.Foo", "")
                .resource("org/slf4j/Logger.class", new byte[] {0})
                .resource("META-INF/maven/org.slf4j/slf4j-api/pom.properties", "groupId=org.slf4j\nversion=1.7.36\n")
                .resource("com/typesafe/config/Config.class", new byte[] {0})
                .writeTo(modules());
        ch.qos.logback.classic.Logger logger =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(JarModules.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
                new ch.qos.logback.core.read.ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        List<LoadedModule> loaded;
        try {
            loaded = ModuleLoader.load(modules(), null);
        } finally {
            logger.detachAppender(appender);
        }
        loaded.forEach(LoadedModule::close);

        String slf4j = org.slf4j.LoggerFactory.class.getPackage().getImplementationVersion();
        String config = com.typesafe.config.Config.class.getPackage().getImplementationVersion();
        assertThat(slf4j).isNotBlank();
        assertThat(appender.list).filteredOn(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)
                .extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                .containsExactly(jar + ": bundles SLF4J 1.7.36 (org/slf4j/Logger.class), which is never used: the"
                                + " module runs on Postern's SLF4J " + slf4j + " (build it with SLF4J as a provided"
                                + " dependency)",
                        jar + ": bundles Typesafe Config of an unknown version (com/typesafe/config/Config.class), which"
                                + " is never used: the module runs on Postern's Typesafe Config " + config
                                + " (build it with Typesafe Config as a provided dependency)");
    }

    @Test
    void refusesDuplicateNamesNamingBothJars() {
        Path first = TestModuleJar.named("foo").fileName("a.jar").module("com.example.a.Foo", "").writeTo(modules());
        Path second = TestModuleJar.named("foo").fileName("b.jar").module("com.example.b.Foo", "").writeTo(modules());

        assertThatThrownBy(() -> ModuleLoader.load(modules(), null))
                .hasMessage("duplicate module name \"foo\": " + first + " and " + second);
    }

    @Test
    void refusesModuleWhoseConstructorThrowsNamingTheJar() {
        Path jar = TestModuleJar.named("bad").source("com.example.bad.Bad", """
                package com.example.bad;
                public final class Bad implements io.postern.spi.PosternModule {
                    public Bad() {
                        throw new IllegalStateException("boom");
                    }
                    @Override public void configure(io.postern.spi.ModuleContext context) {
                    }
                }
                """).provider("com.example.bad.Bad").writeTo(modules());

        assertThatThrownBy(() -> ModuleLoader.load(modules(), null))
                .hasMessage(jar + ": cannot create module com.example.bad.Bad: java.lang.IllegalStateException: boom");
    }

    @Test
    void refusesModuleWhoseStaticInitializerThrowsNamingTheJarAndTheCause() {
        Path jar = TestModuleJar.named("bad").source("com.example.bad.Bad", """
                package com.example.bad;
                public final class Bad implements io.postern.spi.PosternModule {
                    static final String HOME = home();
                    static String home() {
                        throw new IllegalStateException("BAD_HOME is not set");
                    }
                    @Override public void configure(io.postern.spi.ModuleContext context) {
                    }
                }
                """).provider("com.example.bad.Bad").writeTo(modules());

        assertThatThrownBy(() -> ModuleLoader.load(modules(), null))
                .hasMessage(jar + ": cannot create module com.example.bad.Bad: java.lang.ExceptionInInitializerError"
                        + " (caused by java.lang.IllegalStateException: BAD_HOME is not set)");
    }

    @Test
    void reportsEveryBrokenJarAtOnce() {
        Path corrupt = TestModuleJar.corrupt(modules(), "a-broken.jar");
        TestModuleJar.named("good").fileName("b-good.jar").module("com.example.good.Good", "").writeTo(modules());
        Path noDescriptor = TestModuleJar.named("x").fileName("c-bare.jar").withoutDescriptor().writeTo(modules());

        assertThatThrownBy(() -> ModuleLoader.load(modules(), null))
                .isInstanceOfSatisfying(ModuleLoadException.class, e -> {
                    assertThat(e.problems()).hasSize(2);
                    assertThat(e.problems().get(0)).startsWith(corrupt + ": not a valid jar file");
                    assertThat(e.problems().get(1)).startsWith(noDescriptor + ": no META-INF/postern-module.properties");
                    assertThat(e.getMessage()).startsWith("2 modules could not be loaded:\n  " + corrupt);
                });
    }

    @Test
    void refusesModulesPathThatIsAFile() throws Exception {
        Path file = Files.writeString(temp.resolve("modules"), "");

        assertThatThrownBy(() -> ModuleLoader.load(file, null))
                .hasMessage(file + ": not a directory (expected: the directory of module jars)");
    }
}
