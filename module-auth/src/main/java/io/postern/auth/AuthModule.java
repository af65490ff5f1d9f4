package io.postern.auth;

import io.postern.auth.cache.CacheFeature;
import io.postern.auth.http.AuthHttpFeature;
import io.postern.auth.oauth.OAuthFeature;
import io.postern.auth.throttle.ThrottleFeature;
import io.postern.auth.users.UsersFeature;
import io.postern.spi.Directive;
import io.postern.spi.ModuleContext;
import io.postern.spi.PosternModule;
import io.postern.spi.Reconfiguration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * module-auth: the AUTH phase's handlers, loaded from {@code modules/module-auth-*.jar}.
 * Its features register their handlers in the order listed here (throttling first, so a
 * locked-out client never reaches a backend).
 */
public final class AuthModule implements PosternModule {

    /** The features, in their default AUTH phase order. */
    private final List<AuthFeature> features = List.of(
            new ThrottleFeature(),
            new CacheFeature(),
            new UsersFeature(),
            new OAuthFeature(),
            new AuthHttpFeature());

    @Override
    public List<Directive> directives() {
        List<Directive> all = new ArrayList<>();
        features.forEach(f -> all.addAll(f.directives()));
        return all;
    }

    @Override
    public void configure(ModuleContext context) {
        features.forEach(f -> f.configure(context));
    }

    /**
     * Each feature prepares its part; if one refuses, the parts already prepared are abandoned.
     * What survives a reload is each feature's business: see their {@code reconfigure}.
     */
    @Override
    public Optional<Reconfiguration> reconfigure(ModuleContext context) {
        List<Reconfiguration> steps = new ArrayList<>();
        try {
            for (AuthFeature feature : features) {
                steps.add(feature.reconfigure(context));
            }
        } catch (RuntimeException | Error e) {
            steps.forEach(Reconfiguration::abandon);
            throw e;
        }
        return Optional.of(new Reconfiguration() {
            @Override
            public void commit() {
                steps.forEach(Reconfiguration::commit);
            }

            @Override
            public void abandon() {
                steps.forEach(Reconfiguration::abandon);
            }

            @Override
            public void retired() {
                steps.forEach(Reconfiguration::retired);
            }
        });
    }

    @Override
    public void start() throws Exception {
        for (AuthFeature feature : features) {
            feature.start();
        }
    }

    @Override
    public void close() {
        features.forEach(AuthFeature::close);
    }
}
