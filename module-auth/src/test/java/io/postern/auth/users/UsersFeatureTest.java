package io.postern.auth.users;

import io.postern.testing.HoconServerConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postern.auth.testkit.FakeModuleContext;
import io.postern.auth.testkit.FakeServerConfig;
import io.postern.auth.testkit.FakeSession;
import io.postern.spi.AuthDecision;
import io.postern.spi.Authenticator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersFeatureTest {

    @TempDir
    Path dir;

    private final UsersFeature feature = new UsersFeature();

    @Test
    void resolvesTheFileAgainstTheConfigDirectoryAndChecksOffTheCallersThread() throws Exception {
        Files.writeString(dir.resolve("users"), "bob:{SHA256-CRYPT}$5$saltstring$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5\n");
        HoconServerConfig server = FakeServerConfig.of("imap", "auth_users = users");
        FakeModuleContext context = new FakeModuleContext(dir, server);
        feature.configure(context);
        Authenticator users = context.authenticators.get("users");

        assertThat(users.authenticate(FakeSession.from("192.0.2.1", server).plain("bob", "Hello world!"))
                .toCompletableFuture().get(5, TimeUnit.SECONDS))
                .as("configured but not started (postern -t): no threads, so no answer")
                .isInstanceOf(AuthDecision.Failed.class);

        feature.start();
        try {
            assertThat(users.authenticate(FakeSession.from("192.0.2.1", server).plain("bob", "Hello world!"))
                    .toCompletableFuture().get(5, TimeUnit.SECONDS)).isInstanceOf(AuthDecision.Accepted.class);
        } finally {
            feature.close();
        }
    }

    @Test
    void registersNothingWithoutAuthUsers() {
        FakeModuleContext context = new FakeModuleContext(dir, FakeServerConfig.of("imap", ""));
        feature.configure(context);

        assertThat(context.authenticators).isEmpty();
    }

    @Test
    void failsTheConfigurationOnABadFile() throws Exception {
        Files.writeString(dir.resolve("users"), "\nbob\n");
        FakeModuleContext context = new FakeModuleContext(dir, FakeServerConfig.of("imap", "auth_users = users"));

        assertThatThrownBy(() -> feature.configure(context))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("auth_users: " + dir.resolve("users") + ":2: \"bob\" " + UsersFile.EXPECTED);
    }

    @Test
    void aReloadReadsTheUsersFileAgainAndARefusedOneLeavesTheRunningAuthenticatorAsItWas() throws Exception {
        Files.writeString(dir.resolve("users"), "bob:{PLAIN}first\n");
        HoconServerConfig server = FakeServerConfig.of("imap", "auth_users = users");
        FakeModuleContext running = new FakeModuleContext(dir, server);
        feature.configure(running);
        feature.start();
        try {
            Files.writeString(dir.resolve("users"), "\nbob\n");
            FakeModuleContext broken = new FakeModuleContext(dir, server);
            assertThatThrownBy(() -> feature.reconfigure(broken)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(":2: \"bob\"");
            assertThat(login(running, server, "first")).isInstanceOf(AuthDecision.Accepted.class);

            Files.writeString(dir.resolve("users"), "bob:{PLAIN}second\n");
            FakeModuleContext reloaded = new FakeModuleContext(dir, server);
            feature.reconfigure(reloaded).commit();

            assertThat(login(reloaded, server, "second")).isInstanceOf(AuthDecision.Accepted.class);
            assertThat(login(reloaded, server, "first")).isNotInstanceOf(AuthDecision.Accepted.class);
        } finally {
            feature.close();
        }
    }

    private static AuthDecision login(FakeModuleContext context, HoconServerConfig server, String password)
            throws Exception {
        return context.authenticators.get("users").authenticate(FakeSession.from("192.0.2.1", server)
                .plain("bob", password)).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
