package io.postern.module;

import static io.postern.module.ModuleTestSupport.MAIL;
import static org.assertj.core.api.Assertions.assertThat;

import io.postern.spi.AuthDecision;
import io.postern.spi.SessionListener;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleReportTest {

    @Test
    void rendersOneLinePerModuleWithItsHandlersInPhaseOrder() {
        LoadedModule auth = LoadedModule.inProcess(context -> {
            context.addAuthenticator("users", r -> CompletableFuture.completedFuture(AuthDecision.declined()));
            context.addAuthenticator("auth_http", r -> CompletableFuture.completedFuture(AuthDecision.declined()));
        }, new ModuleDescriptor("auth", "0.1.0", "1.0", "modules/module-auth-0.1.0.jar"));
        LoadedModule log = LoadedModule.inProcess(context -> context.addSessionListener("access_log", new SessionListener() { }),
                new ModuleDescriptor("log", "0.2.0", "1.0", "classpath:/opt/postern/lib/module-log.jar"));
        PhasesBuilder builder = new PhasesBuilder();
        List.of(auth, log).forEach(m -> builder.configure(m, MAIL, List.of(), Path.of(".")));
        Phases phases = builder.build(Map.of("auth", List.of("auth_http")));

        assertThat(ModuleReport.lines(List.of(auth, log), phases)).containsExactly(
                "module auth 0.1.0 (modules/module-auth-0.1.0.jar, SPI 1.0): auth [auth_http, users], upstream [], log []",
                "module log 0.2.0 (classpath:/opt/postern/lib/module-log.jar, SPI 1.0): auth [], upstream [], log [access_log]");
    }

    @Test
    void showsAFilterPhaseOnlyWhenTheModuleHasFiltersInIt() {
        LoadedModule rewrite = LoadedModule.inProcess(context -> {
            context.addImapFilter("mailboxes", session -> Optional.empty());
            context.addSmtpFilter("addresses", session -> Optional.empty());
        }, new ModuleDescriptor("rewrite", "0.1.0", "1.2", "test"));
        PhasesBuilder builder = new PhasesBuilder();
        builder.configure(rewrite, MAIL, List.of(), Path.of("."));

        assertThat(ModuleReport.line(rewrite, builder.build(Map.of()))).isEqualTo(
                "module rewrite 0.1.0 (test, SPI 1.2): auth [], upstream [], log [], imap_filter [mailboxes], smtp_filter [addresses]");
    }

    @Test
    void namesTheJarsChecksumAndTheSpiTheModuleWasBuiltFor(@TempDir Path dir) throws Exception {
        Path jar = Files.write(dir.resolve("module-auth-0.1.0.jar"), "not really a jar".getBytes(StandardCharsets.UTF_8));
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest("not really a jar".getBytes(StandardCharsets.UTF_8)));
        LoadedModule auth = LoadedModule.inProcess(context -> { },
                new ModuleDescriptor("auth", "0.1.0", "1.4", jar.toString()));
        LoadedModule fromClasspath = LoadedModule.inProcess(context -> { },
                new ModuleDescriptor("log", "0.1.0", "1.3", "classpath:" + jar));

        assertThat(ModuleReport.line(auth, Phases.empty())).isEqualTo("module auth 0.1.0 (" + jar + ", sha256 "
                + sha256.substring(0, 12) + ", SPI 1.4): auth [], upstream [], log []");
        assertThat(ModuleReport.line(fromClasspath, Phases.empty())).isEqualTo("module log 0.1.0 (classpath:" + jar
                + ", sha256 " + sha256.substring(0, 12) + ", SPI 1.3): auth [], upstream [], log []");
    }

    @Test
    void rendersModuleWithoutHandlers() {
        LoadedModule idle = LoadedModule.inProcess(context -> { }, new ModuleDescriptor("idle", "1", "1.0", "test"));

        assertThat(ModuleReport.line(idle, Phases.empty())).isEqualTo("module idle 1 (test, SPI 1.0): auth [], upstream [], log []");
    }
}
