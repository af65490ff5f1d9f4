package io.postern.module;

import static io.postern.module.ModuleTestSupport.PROBE;
import static io.postern.module.ModuleTestSupport.answer;
import static io.postern.module.ModuleTestSupport.authenticator;
import static io.postern.module.ModuleTestSupport.closeAll;
import static io.postern.module.ModuleTestSupport.configure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import io.postern.spi.AuthDecision;
import io.postern.spi.PosternModule;
import io.postern.testing.TestModuleJar;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a jar module's class loader lets it see, and what it keeps to itself. */
class ModuleIsolationTest {

    /** Compiling is the slow part, so the jars are built once and loaded afresh for each test. */
    @TempDir
    static Path modules;

    private List<LoadedModule> loaded;
    private Phases phases;

    @BeforeAll
    static void buildTwoModules() {
        TestModuleJar.named("alpha")
                .module("com.example.alpha.AlphaModule", PROBE)
                .source("com.example.alpha.Secret", "package com.example.alpha; public final class Secret { }")
                .source("com.example.lib.Greeter", """
                        package com.example.lib;
                        public final class Greeter {
                            public static String greet(String who) { return "hello " + who; }
                        }""")
                .resource("reference.conf", "alpha { greeting = hi }")
                .writeTo(modules);
        TestModuleJar.named("beta")
                .module("com.example.beta.BetaModule", PROBE + """

                        context.addAuthenticator("greeter", request -> CompletableFuture.completedFuture(
                                AuthDecision.rejected(com.example.lib.Greeter.greet(request.credentials().user()))));""")
                .source("com.example.lib.Greeter", """
                        package com.example.lib;
                        public final class Greeter {
                            public static String greet(String who) { return "beta's own greeter greets " + who; }
                        }""")
                .resource("reference.conf", "beta { greeting = hey }")
                .writeTo(modules);
    }

    @BeforeEach
    void load() throws Exception {
        loaded = ModuleLoader.load(modules, null);
        phases = configure(loaded);
    }

    @AfterEach
    void close() {
        closeAll(loaded);
    }

    private LoadedModule module(String name) {
        return loaded.stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void moduleCannotLoadAnotherModulesClass() throws Exception {
        assertThat(answer(authenticator(phases, "probe-alpha"), "com.example.alpha.Secret")).isEqualTo("visible");
        assertThat(answer(authenticator(phases, "probe-beta"), "com.example.alpha.Secret")).isEqualTo("not visible");
    }

    @ParameterizedTest
    @ValueSource(strings = {"io.postern.module.ModuleLoader", "io.postern.testing.TestModuleJar",
            "io.netty.buffer.ByteBuf", "org.assertj.core.api.Assertions"})
    void moduleCannotLoadCoreInternalsOrTheCoresDependencies(String className) throws Exception {
        assertThat(answer(authenticator(phases, "probe-beta"), className)).isEqualTo("not visible");
    }

    @ParameterizedTest
    @ValueSource(strings = {"io.postern.spi.AuthDecision", "com.typesafe.config.ConfigFactory",
            "org.slf4j.LoggerFactory", "java.util.concurrent.CompletableFuture", "java.sql.Connection"})
    void moduleSeesTheSpiConfigSlf4jAndThePlatform(String className) throws Exception {
        assertThat(answer(authenticator(phases, "probe-beta"), className)).isEqualTo("visible");
    }

    @ParameterizedTest
    @ValueSource(classes = {PosternModule.class, AuthDecision.class, Config.class, org.slf4j.Logger.class})
    void sharedTypesAreTheCoresOwnClasses(Class<?> shared) throws Exception {
        assertThat(module("beta").loader().loadClass(shared.getName())).isSameAs(shared);
    }

    @Test
    void bundledDependencyComesFromTheModulesOwnJar() throws Exception {
        ClassLoader beta = module("beta").loader();
        assertThat(beta.loadClass("com.example.lib.Greeter").getClassLoader()).isSameAs(beta);
        assertThat(module("alpha").loader().loadClass("com.example.lib.Greeter"))
                .isNotSameAs(beta.loadClass("com.example.lib.Greeter"));
        assertThat(answer(authenticator(phases, "greeter"), "carol")).isEqualTo("beta's own greeter greets carol");
    }

    @Test
    void referenceReadsTheModulesOwnReferenceConf() {
        Optional<Config> alpha = module("alpha").reference();
        Optional<Config> beta = module("beta").reference();

        assertThat(alpha).hasValueSatisfying(c -> {
            assertThat(c.getString("alpha.greeting")).isEqualTo("hi");
            assertThat(c.hasPath("beta")).isFalse();
        });
        assertThat(beta).hasValueSatisfying(c -> {
            assertThat(c.getString("beta.greeting")).isEqualTo("hey");
            assertThat(c.hasPath("alpha")).isFalse();
        });
    }

    @Test
    void moduleSeesOnlyItsOwnServicesAndReferenceConf() throws Exception {
        ClassLoader beta = module("beta").loader();
        assertThat(java.util.Collections.list(beta.getResources("reference.conf"))).singleElement()
                .satisfies(url -> assertThat(url.toString()).contains("beta-1.0.0.jar"));
        assertThat(java.util.Collections.list(beta.getResources("META-INF/services/" + PosternModule.class.getName())))
                .hasSize(1);
    }

    @Test
    void closedModuleLoaderLoadsNoMoreClasses() throws Exception {
        LoadedModule alpha = module("alpha");
        alpha.close();
        alpha.close();

        assertThatThrownBy(() -> alpha.loader().loadClass("com.example.alpha.Secret"))
                .isInstanceOf(ClassNotFoundException.class);
    }
}
