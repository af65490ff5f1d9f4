package io.postern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.testing.TestModuleJar;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A module jar whose code throws while Postern starts (in {@code directives()},
 * {@code configure()} or {@code start()}, anything from a NullPointerException to an Error)
 * ends start-up with one {@code [emerg]} line naming the module, its jar, the call and the
 * cause, and exit status 1: never a stack trace.
 */
class ModuleFailureTest {

    private static final String MODULE = """
            package com.example.broken;

            import io.postern.spi.*;
            import java.util.List;

            public final class BrokenModule implements PosternModule {
                static final class Users {
                    static final String FILE = load();

                    static String load() {
                        throw new IllegalStateException("users file /etc/users.json missing");
                    }
                }

                @Override
                public List<Directive> directives() {
                    %s
                    return List.of();
                }

                @Override
                public void configure(ModuleContext context) {
                    %s
                }

                @Override
                public void start() throws Exception {
                    %s
                }
            }
            """;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    static Stream<Arguments> failures() {
        String npe = "if (true) throw new NullPointerException(\"settings is null\");";
        String noClass = "if (true) throw new NoClassDefFoundError(\"com/google/gson/Gson\");";
        String error = "if (true) throw new Error(\"the licence has expired\");";
        String staticInit = "System.out.println(Users.FILE);";
        return Stream.of(
                Arguments.of(npe, "", "", "directives() failed: java.lang.NullPointerException: settings is null"),
                Arguments.of(error, "", "", "directives() failed: java.lang.Error: the licence has expired"),
                Arguments.of("", npe, "", "configure() failed: java.lang.NullPointerException: settings is null"),
                Arguments.of("", noClass, "",
                        "configure() failed: java.lang.NoClassDefFoundError: com/google/gson/Gson"),
                Arguments.of("", staticInit, "", "configure() failed: java.lang.ExceptionInInitializerError "
                        + "(caused by java.lang.IllegalStateException: users file /etc/users.json missing)"),
                Arguments.of("", "", error, "start() failed: java.lang.Error: the licence has expired"),
                Arguments.of("", "", npe, "start() failed: java.lang.NullPointerException: settings is null"),
                Arguments.of("", "", staticInit, "start() failed: java.lang.ExceptionInInitializerError "
                        + "(caused by java.lang.IllegalStateException: users file /etc/users.json missing)"));
    }

    @ParameterizedTest(name = "{3}")
    @MethodSource("failures")
    void aThrowingModuleEndsStartUpWithOneLineNamingItsJarAndTheCause(String inDirectives, String inConfigure,
                                                                     String inStart, String expected) throws Exception {
        Path jar = TestModuleJar.named("broken")
                .source("com.example.broken.BrokenModule", MODULE.formatted(inDirectives, inConfigure, inStart))
                .provider("com.example.broken.BrokenModule").writeTo(dir.resolve("modules"));
        Path file = Files.writeString(dir.resolve("postern.conf"), """
                mail {
                  servers { imap { protocol = imap, listen = "127.0.0.1:0" } }
                }
                """);

        int status = new Main(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(new String[] {"-p", dir.toString(), "-c",
                        file.toString()});

        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("postern: [emerg] module \"broken\" (" + jar + "): " + expected + "\n");
    }
}
