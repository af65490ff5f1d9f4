package io.postern.auth.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.auth.testkit.FakeModuleContext;
import io.postern.auth.testkit.FakeServerConfig;
import io.postern.auth.testkit.FakeSession;
import io.postern.spi.AuthDecision;
import io.postern.spi.AuthRequest;
import io.postern.spi.Authenticator;
import io.postern.spi.Reconfiguration;
import io.postern.spi.SessionListener;
import io.postern.testing.HoconServerConfig;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reload keeps the failed-login counts of servers whose window, lockout and size stay. */
class ThrottleReloadTest {

    private static final String LOCKING = "auth_throttle = on, auth_throttle_delay_after = 100, "
            + "auth_throttle_lockout_after = 3";

    @TempDir
    Path dir;

    private final ThrottleFeature feature = new ThrottleFeature();
    private int guesses;

    @Test
    void aLockedOutAddressStaysLockedOutAcrossAReloadThatKeepsTheWindow() throws Exception {
        FakeModuleContext running = configure(LOCKING);
        for (int i = 0; i < 3; i++) {
            fail(running);
        }
        assertThat(answer(running)).isEqualTo(Throttle.LOCKED_OUT);

        FakeModuleContext reloaded = reconfigure(LOCKING + ", auth_throttle_max_delay = 5s");

        assertThat(answer(reloaded)).as("same window, lockout and size: same counts").isEqualTo(Throttle.LOCKED_OUT);
    }

    @Test
    void startsCountingAfreshForAChangedWindow() throws Exception {
        FakeModuleContext running = configure(LOCKING);
        for (int i = 0; i < 3; i++) {
            fail(running);
        }

        FakeModuleContext reloaded = reconfigure(LOCKING + ", auth_throttle_window = 20m");

        assertThat(answer(reloaded)).isEqualTo(AuthDecision.declined());
        assertThat(answer(running)).as("the running sessions' throttle is untouched").isEqualTo(Throttle.LOCKED_OUT);
    }

    private FakeModuleContext configure(String hocon) {
        FakeModuleContext context = new FakeModuleContext(dir, server(hocon));
        feature.configure(context);
        return context;
    }

    private FakeModuleContext reconfigure(String hocon) {
        FakeModuleContext context = new FakeModuleContext(dir, server(hocon));
        Reconfiguration step = feature.reconfigure(context);
        step.commit();
        return context;
    }

    private static HoconServerConfig server(String hocon) {
        return FakeServerConfig.of("imap", hocon);
    }

    private static FakeSession session() {
        return FakeSession.from("192.0.2.7", server(""));
    }

    /** One failed login, each with another password: a repeated one counts once. */
    private void fail(FakeModuleContext context) throws Exception {
        FakeSession session = session();
        AuthRequest request = session.plain("bob", "guess-" + guesses++);
        context.authenticators.get("throttle").authenticate(request).toCompletableFuture().get(5, TimeUnit.SECONDS);
        context.listeners.get("throttle").onAuthDecision(session, request,
                AuthDecision.rejected("Authentication failed."));
    }

    private static AuthDecision answer(FakeModuleContext context) throws Exception {
        Authenticator throttle = context.authenticators.get("throttle");
        SessionListener unused = context.listeners.get("throttle");
        assertThat(unused).isNotNull();
        return throttle.authenticate(session().plain("bob", "again")).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
