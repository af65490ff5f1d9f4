package io.postern.engine;

import io.postern.module.Phases;
import io.postern.spi.Protocol;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the sessions of one configuration are served with: its phases (through the login flow,
 * the session events and the post-login relays) and its server blocks. A reload starts a new
 * generation for new sessions; the sessions already open keep theirs until they end, as an
 * nginx worker of the old configuration keeps its connections. A superseded generation is
 * {@linkplain #drained() drained} once its last session closed, when what only it used (a
 * module's old state) can be released.
 */
final class Generation {

    private final int number;
    private final LoginFlow loginFlow;
    private final SessionEvents events;
    private final Map<Protocol, PostLogin> postLogins;
    private final AtomicInteger open = new AtomicInteger();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private volatile boolean superseded;

    Generation(int number, LoginFlow loginFlow, SessionEvents events,
               Map<Protocol, PostLogin> postLogins) {
        this.number = number;
        this.loginFlow = loginFlow;
        this.events = events;
        this.postLogins = Map.copyOf(postLogins);
    }

    int number() {
        return number;
    }

    LoginFlow loginFlow() {
        return loginFlow;
    }

    SessionEvents events() {
        return events;
    }

    PostLogin postLogin(Protocol protocol) {
        return postLogins.get(protocol);
    }

    /** A session of this generation started. */
    void opened() {
        open.incrementAndGet();
    }

    /**
     * A session of this generation ended, its listeners told (so a module may close what they
     * wrote to once the generation drained).
     */
    void ended() {
        // The decrement before the flag is read, supersede() sets the flag before it reads the
        // count: whichever runs second sees both and completes.
        if (open.decrementAndGet() == 0 && superseded) {
            drained.complete(null);
        }
    }

    /** New sessions go to another generation from now on. */
    void supersede() {
        superseded = true;
        if (open.get() == 0) {
            drained.complete(null);
        }
    }

    /** Completes once superseded and without sessions (on the thread of the last close). */
    CompletableFuture<Void> drained() {
        return drained;
    }

    /** The number of this generation's open sessions. */
    int sessions() {
        return open.get();
    }
}
