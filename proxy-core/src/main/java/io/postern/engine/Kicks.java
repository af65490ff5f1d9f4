package io.postern.engine;

import io.postern.spi.SessionControl;
import io.postern.spi.SharedStore;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SessionControl#kick}: published on the {@code kick} channel of {@code mail.redis}, which
 * every instance (this one too) subscribes to and answers by closing the user's sessions it holds;
 * without Redis, or while Redis is unreachable, this instance's sessions alone. Bound to the
 * server once it started; a kick before that finds no session.
 */
public final class Kicks implements SessionControl {

    static final String CHANNEL = "kick";
    static final String FEATURE = "kick";

    private static final Logger log = LoggerFactory.getLogger(Kicks.class);

    private final Optional<SharedStore> store;
    private volatile ProxyServer server;

    public Kicks(Optional<SharedStore> store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** Starts closing sessions for kicks, this instance's and, through Redis, the others'. */
    public void bind(ProxyServer server) {
        this.server = Objects.requireNonNull(server, "server");
        store.ifPresent(s -> s.subscribe(CHANNEL, this::kickHere));
    }

    @Override
    public CompletionStage<Long> kick(String login) {
        Objects.requireNonNull(login, "login");
        if (store.isEmpty()) {
            kickHere(login);
            return CompletableFuture.completedFuture(1L);
        }
        SharedStore shared = store.get();
        return shared.sharedOrLocal(FEATURE, () -> shared.publish(CHANNEL, login), () -> {
            kickHere(login);
            return 1L;
        });
    }

    private void kickHere(String login) {
        ProxyServer bound = server;
        int found = bound == null ? 0 : bound.kick(login);
        // The login is what the operator asked for, written as the session log writes logins.
        log.info("kick: closing {} session(s) of \"{}\"", found, io.postern.spi.WireText.escape(login));
    }
}
