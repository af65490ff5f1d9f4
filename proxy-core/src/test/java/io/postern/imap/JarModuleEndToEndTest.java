package io.postern.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postern.Postern;
import io.postern.config.ConfigException;
import io.postern.engine.ProxyServer;
import io.postern.module.ModuleLoadException;
import io.postern.testing.ScriptClient;
import io.postern.testing.TestModuleJar;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A module built as a jar during the test and dropped into {@code modules/}, as an operator
 * would: its directive is validated, its authenticator chooses the upstream, and a client
 * logs in through Postern to it.
 */
class JarModuleEndToEndTest {

    private static final String ROUTER = """
            package com.example.router;

            import io.postern.spi.*;
            import java.util.List;
            import java.util.concurrent.CompletableFuture;

            public final class RouterModule implements PosternModule {
                @Override
                public List<Directive> directives() {
                    return List.of(Directive.of("router_upstream", DirectiveType.STRING));
                }

                @Override
                public void configure(ModuleContext context) {
                    String[] hostPort = context.mail().string("router_upstream").split(":");
                    UpstreamAddress upstream = new UpstreamAddress(hostPort[0], Integer.parseInt(hostPort[1]));
                    context.addAuthenticator("router", request -> CompletableFuture.completedFuture(
                            request.credentials().user().endsWith("@localhost")
                                    ? AuthDecision.acceptedTo(upstream) : AuthDecision.rejected("unknown domain")));
                }
            }
            """;

    /**
     * A module whose every handler looks up, through {@link java.util.ServiceLoader}, a service
     * its own jar provides, and writes down what it found in a system property per call.
     */
    private static final String LOOKUP = """
            package com.example.lookup;

            import io.postern.spi.*;
            import io.postern.spi.filter.*;
            import io.postern.spi.imap.*;
            import java.util.List;
            import java.util.Optional;
            import java.util.ServiceLoader;
            import java.util.concurrent.CompletableFuture;

            public final class LookupModule implements PosternModule {
                public interface Greeter { String hello(); }

                public static final class EnglishGreeter implements Greeter {
                    public String hello() { return "hello"; }
                }

                static void record(String call) {
                    String found = ServiceLoader.load(Greeter.class).findFirst().map(Greeter::hello).orElse("nothing");
                    System.setProperty("postern.test.lookup." + call, found);
                }

                @Override
                public List<Directive> directives() {
                    record("directives");
                    return List.of(Directive.of("lookup_upstream", DirectiveType.STRING));
                }

                @Override
                public void configure(ModuleContext context) {
                    String[] hostPort = context.mail().string("lookup_upstream").split(":");
                    UpstreamAddress upstream = new UpstreamAddress(hostPort[0], Integer.parseInt(hostPort[1]));
                    context.addAuthenticator("lookup", request -> {
                        record("authenticate");
                        return CompletableFuture.completedFuture(AuthDecision.acceptedTo(upstream));
                    });
                    context.addSessionListener("lookup", new SessionListener() {
                        @Override public void onOpen(SessionInfo session) { record("onOpen"); }
                        @Override public void onLoggedIn(SessionInfo session) { record("onLoggedIn"); }
                        @Override public void onClose(SessionInfo session, SessionSummary summary) { record("onClose"); }
                    });
                    context.addImapFilter("lookup", session -> {
                        record("open");
                        return Optional.of(new ImapFilter() {
                            @Override public CommandVerdict<ImapCommand, ImapResponse> onCommand(ImapCommand command) {
                                record("onCommand");
                                return CommandVerdict.pass();
                            }
                            @Override public ResponseVerdict<ImapResponse> onResponse(ImapResponse response) {
                                record("onResponse");
                                return ResponseVerdict.pass();
                            }
                            @Override public void onClose() { record("filterClose"); }
                        });
                    });
                }

                @Override public void start() { record("start"); }

                @Override public void reopen() { record("reopen"); }
            }
            """;

    private static final List<String> LOOKUP_CALLS = List.of("directives", "start", "reopen", "authenticate",
            "onOpen", "onLoggedIn", "onClose", "open", "onCommand", "onResponse", "filterClose");

    @TempDir
    Path dir;

    @Test
    void aDroppedInModuleJarChoosesTheUpstreamOfALogin() throws Exception {
        TestModuleJar.named("router").source("com.example.router.RouterModule", ROUTER)
                .provider("com.example.router.RouterModule").writeTo(dir.resolve("modules"));
        try (GreenMailUpstream upstream = new GreenMailUpstream()) {
            Postern postern = configure("""
                    mail {
                      router_upstream = "%s"
                      servers { imap { protocol = imap, listen = "127.0.0.1:0" } }
                    }
                    """.formatted(upstream.address()));
            try {
                ProxyServer server = postern.start();
                try (ScriptClient c = new ScriptClient(server.boundAddresses().get(0))) {
                    c.run("""
                            S: \\* OK IMAP4 ready
                            C: a1 LOGIN %s %s
                            S: a1 OK .*
                            C: a2 LOGOUT
                            S: \\* BYE.*
                            S: a2 OK .*
                            """.formatted(GreenMailUpstream.USER, GreenMailUpstream.PASSWORD));
                }
                try (ScriptClient c = new ScriptClient(server.boundAddresses().get(0))) {
                    c.run("""
                            S: \\* OK IMAP4 ready
                            C: a1 LOGIN bob@example.com x
                            S: a1 NO unknown domain
                            S: <closed>
                            """);
                }
            } finally {
                postern.close();
            }
        }
    }

    @Test
    void everyCallIntoAModuleRunsWithItsLoaderAsTheContextLoader() throws Exception {
        LOOKUP_CALLS.forEach(call -> System.clearProperty("postern.test.lookup." + call));
        TestModuleJar.named("lookup").source("com.example.lookup.LookupModule", LOOKUP)
                .provider("com.example.lookup.LookupModule")
                .resource("META-INF/services/com.example.lookup.LookupModule$Greeter",
                        "com.example.lookup.LookupModule$EnglishGreeter\n")
                .writeTo(dir.resolve("modules"));
        try (GreenMailUpstream upstream = new GreenMailUpstream()) {
            Postern postern = configure("""
                    mail {
                      lookup_upstream = "%s"
                      servers { imap { protocol = imap, listen = "127.0.0.1:0" } }
                    }
                    """.formatted(upstream.address()));
            try {
                ProxyServer server = postern.start();
                postern.reopen();
                try (ScriptClient c = new ScriptClient(server.boundAddresses().get(0))) {
                    c.run("""
                            S: \\* OK IMAP4 ready
                            C: a1 LOGIN %s %s
                            S: a1 OK .*
                            C: a2 NOOP
                            S: a2 OK .*
                            C: a3 LOGOUT
                            S: \\* BYE.*
                            S: a3 OK .*
                            """.formatted(GreenMailUpstream.USER, GreenMailUpstream.PASSWORD));
                }
                awaitProperty("postern.test.lookup.onClose");
                awaitProperty("postern.test.lookup.filterClose");
            } finally {
                postern.close();
            }
        }
        assertThat(LOOKUP_CALLS).allSatisfy(call ->
                assertThat(System.getProperty("postern.test.lookup." + call)).as(call).isEqualTo("hello"));
    }

    /** Waits for a session's last events, which follow the client's goodbye on the event loop. */
    private static void awaitProperty(String key) throws InterruptedException {
        for (int i = 0; i < 500 && System.getProperty(key) == null; i++) {
            Thread.sleep(20);
        }
    }

    @Test
    void aModuleDirectiveWithTheWrongTypeIsAConfigErrorWithItsLine() throws Exception {
        TestModuleJar.named("router").source("com.example.router.RouterModule", ROUTER)
                .provider("com.example.router.RouterModule").writeTo(dir.resolve("modules"));
        assertThatThrownBy(() -> configure("""
                mail {
                  router_upstream = [a, b]
                  servers { imap { protocol = imap, listen = "127.0.0.1:0" } }
                }
                """)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("postern.conf:3: mail.router_upstream");
    }

    @Test
    void aModuleBuiltForAnotherSpiIsRefusedNamingItsJar() {
        TestModuleJar.named("router").spiVersion("2.0").source("com.example.router.RouterModule", ROUTER)
                .provider("com.example.router.RouterModule").writeTo(dir.resolve("modules"));
        assertThatThrownBy(() -> configure("mail { servers { imap { protocol = imap, listen = \"127.0.0.1:0\" } } }"))
                .isInstanceOf(ModuleLoadException.class)
                .hasMessageContaining("router-1.0.0.jar").hasMessageContaining("SPI 2.0");
    }

    @Test
    void aCorruptJarIsRefusedNamingIt() {
        TestModuleJar.corrupt(dir.resolve("modules"), "broken.jar");
        assertThatThrownBy(() -> configure("mail { servers { imap { protocol = imap, listen = \"127.0.0.1:0\" } } }"))
                .isInstanceOf(ModuleLoadException.class)
                .hasMessageContaining("broken.jar").hasMessageContaining("not a valid jar file");
    }

    private Postern configure(String config) throws Exception {
        Path file = dir.resolve("conf/postern.conf");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "\n" + config, StandardCharsets.UTF_8);
        return Postern.configure(file, dir, null, List.of());
    }
}
