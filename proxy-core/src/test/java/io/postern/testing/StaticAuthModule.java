package io.postern.testing;

import io.postern.module.LoadedModule;
import io.postern.module.ModuleDescriptor;
import io.postern.spi.AuthDecision;
import io.postern.spi.Authenticator;
import io.postern.spi.Credentials;
import io.postern.spi.ModuleContext;
import io.postern.spi.PosternModule;
import io.postern.spi.Reconfiguration;
import io.postern.spi.SpiVersion;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * An in-process test module whose authenticator answers from a fixed function, so end-to-end
 * tests can script the AUTH phase (accept to an upstream, reject, fail, hang, throw).
 */
public final class StaticAuthModule implements PosternModule {

    private final Authenticator authenticator;

    private StaticAuthModule(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    /** A module whose authenticator is {@code authenticator}. */
    public static LoadedModule of(Authenticator authenticator) {
        return LoadedModule.inProcess(new StaticAuthModule(authenticator),
                new ModuleDescriptor("static-auth", "test", SpiVersion.current(), "test"));
    }

    /** Accepts each user of {@code passwords} with its password, declining everything else. */
    public static Authenticator users(Map<String, String> passwords, AuthDecision accepted) {
        return request -> {
            if (request.credentials() instanceof Credentials.Plain plain
                    && plain.password().equals(passwords.get(plain.user()))) {
                return CompletableFuture.completedFuture(accepted);
            }
            return CompletableFuture.completedFuture(AuthDecision.declined());
        };
    }

    /** An answer that never comes. */
    public static Authenticator hanging() {
        return request -> new CompletableFuture<>();
    }

    public static CompletionStage<AuthDecision> answer(AuthDecision decision) {
        return CompletableFuture.completedFuture(decision);
    }

    @Override
    public void configure(ModuleContext context) {
        context.addAuthenticator("static", authenticator);
    }

    /** Stateless: the same authenticator again, nothing to swap. */
    @Override
    public Optional<Reconfiguration> reconfigure(ModuleContext context) {
        configure(context);
        return Optional.of(new Reconfiguration() { });
    }
}
