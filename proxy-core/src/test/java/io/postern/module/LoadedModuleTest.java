package io.postern.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.postern.spi.ModuleContext;
import io.postern.spi.PosternModule;
import io.postern.testing.TestModuleJar;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadedModuleTest {

    @TempDir
    Path temp;

    @Test
    void closesTheModuleOnceAndNeverThrows() {
        AtomicInteger closes = new AtomicInteger();
        LoadedModule module = LoadedModule.inProcess(new PosternModule() {
            @Override
            public void configure(ModuleContext context) {
            }

            @Override
            public void close() {
                closes.incrementAndGet();
                throw new IllegalStateException("cannot close");
            }
        }, new ModuleDescriptor("flaky", "1.0", "1.0", "test"));

        assertThatCode(module::close).doesNotThrowAnyException();
        assertThatCode(module::close).doesNotThrowAnyException();
        assertThat(closes).hasValue(1);
    }

    @Test
    void closesTheModuleBeforeItsClassLoader() throws Exception {
        String property = "postern.test.closed." + System.nanoTime();
        // close() loads a class it never touched before: that only works while the loader is open.
        TestModuleJar.named("closer").source("com.example.closer.Later",
                        "package com.example.closer; public final class Later { }")
                .source("com.example.closer.Closer", """
                        package com.example.closer;
                        public final class Closer implements io.postern.spi.PosternModule {
                            @Override public void configure(io.postern.spi.ModuleContext context) { }
                            @Override public void close() {
                                String result;
                                try {
                                    Class.forName("com.example.closer.Later");
                                    result = "loaded";
                                } catch (ClassNotFoundException e) {
                                    result = "loader already closed";
                                }
                                System.setProperty("%s", result);
                            }
                        }""".formatted(property))
                .provider("com.example.closer.Closer")
                .writeTo(temp);
        List<LoadedModule> loaded = ModuleLoader.load(temp, null);

        try {
            loaded.get(0).close();
            assertThat(System.getProperty(property)).isEqualTo("loaded");
        } finally {
            System.clearProperty(property);
        }
    }

    @Test
    void inProcessModuleUsesItsClassLoader() {
        PosternModule module = context -> { };
        LoadedModule loaded = LoadedModule.inProcess(module, new ModuleDescriptor("embedded", "1.0", "1.0", "test"));

        assertThat(loaded.loader()).isSameAs(module.getClass().getClassLoader());
        assertThat(loaded.name()).isEqualTo("embedded");
        assertThat(loaded).hasToString("module embedded 1.0 (test)");
    }
}
