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
