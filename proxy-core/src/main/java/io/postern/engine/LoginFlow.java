package io.postern.engine;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import io.postern.config.UpstreamPool;
import io.postern.config.UpstreamProxyProtocol;
import io.postern.limits.Admission;
import io.postern.limits.ConnectionLimits;
import io.postern.balance.PoolBalancer;
import io.postern.limits.Lease;
import io.postern.limits.SharedSessions;
import io.postern.module.Phases;
import io.postern.spi.AuthDecision;
import io.postern.spi.AuthRequest;
import io.postern.spi.Credentials;
import io.postern.spi.Protocol;
import io.postern.spi.Refusal;
import io.postern.spi.SessionAttributes;
import io.postern.spi.UpstreamAddress;
import io.postern.spi.UpstreamDecision;
import io.postern.spi.UpstreamRequest;
import io.postern.spi.WireText;
import io.postern.tls.UpstreamTlsMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The phases between "the client sent credentials" and "the client is relayed": AUTH,
 * UPSTREAM, the connection, and the protocol's upstream login. Protocol-neutral: the
 * protocol's pre-login handler calls {@link #login} and turns the {@link LoginOutcome} into
 * its own words. Everything runs on the session's event loop.
 */
public final class LoginFlow {

    /**
     * When every authenticator declines, the client is refused after this delay and may try
     * again (Dovecot's {@code auth_failure_delay} default), which slows password guessing.
     */
    static final Duration ALL_DECLINED_DELAY = Duration.ofSeconds(2);

    private final PhaseRunner<io.postern.spi.Authenticator, AuthDecision> auth;
    private final PhaseRunner<io.postern.spi.UpstreamSelector, UpstreamDecision> upstream;
    private final UpstreamConnector connector;
    private final Map<String, UpstreamPool> pools;
    private final PoolBalancer balancer;
    private final SessionEvents events;
    private final ConnectionLimits limits;
    private final Optional<SharedSessions> shared;
    private final Map<Protocol, MailProtocol> protocols;

    LoginFlow(Phases phases, UpstreamConnector connector, Map<String, UpstreamPool> pools, SessionEvents events,
              ConnectionLimits limits, Map<Protocol, MailProtocol> protocols) {
        this(phases, connector, pools, events, limits, protocols, Optional.empty());
    }

    LoginFlow(Phases phases, UpstreamConnector connector, Map<String, UpstreamPool> pools, SessionEvents events,
              ConnectionLimits limits, Map<Protocol, MailProtocol> protocols, Optional<SharedSessions> shared) {
        this(phases, connector, pools, events, limits, protocols, shared, new PoolBalancer(pools, Optional.empty()));
    }

    LoginFlow(Phases phases, UpstreamConnector connector, Map<String, UpstreamPool> pools, SessionEvents events,
              ConnectionLimits limits, Map<Protocol, MailProtocol> protocols, Optional<SharedSessions> shared,
              PoolBalancer balancer) {
        this.shared = shared;
        this.balancer = balancer;
        this.auth = new PhaseRunner<>(phases.authenticators(), d -> d instanceof AuthDecision.Declined,
                AuthDecision.Failed::new);
        this.upstream = new PhaseRunner<>(phases.upstreamSelectors(), d -> d instanceof UpstreamDecision.Declined,
                UpstreamDecision.Failed::new);
        this.connector = connector;
        this.pools = Map.copyOf(pools);
        this.events = events;
        this.limits = limits;
        this.protocols = Map.copyOf(protocols);
    }

    /**
     * Runs one login attempt. The stage completes on the session's event loop. When the
     * client goes away meanwhile, the work in progress is cancelled and the stage completes
     * with an internal error nobody will see.
     */
    public CompletionStage<LoginOutcome> login(Session session, Credentials credentials, UpstreamLogin upstreamLogin) {
        EventLoop loop = session.client().eventLoop();
        if (!credentials.user().isEmpty()) {
            session.login(credentials.user());
        }
        AuthRequest request = new AuthRequest(session, credentials, session.nextAuthAttempt());
        AuthDecision allDeclined = new AuthDecision.Rejected("Authentication failed",
                Optional.of(ALL_DECLINED_DELAY), Optional.empty());
        long authStart = System.nanoTime();
        CompletableFuture<AuthDecision> decision = auth.run(loop, session.settings().authTimeout(),
                a -> a.authenticate(request), allDeclined);
        cancelWhenClientLeaves(session, decision);
        return decision.thenCompose(d -> {
            Duration elapsed = Duration.ofNanos(System.nanoTime() - authStart);
            events.fire(session, l -> l.onAuthDecision(session, request, d, elapsed));
            return afterAuth(session, credentials, d, upstreamLogin);
        });
    }

    private CompletionStage<LoginOutcome> afterAuth(Session session, Credentials credentials, AuthDecision decision,
                                                    UpstreamLogin upstreamLogin) {
        if (decision instanceof AuthDecision.Rejected rejected) {
            session.log().info("login refused: {}", WireText.escape(rejected.message()));
            return CompletableFuture.completedFuture(new LoginOutcome.Rejected(rejected));
        }
        if (!(decision instanceof AuthDecision.Accepted accepted)) {
            return internalError(session, "auth failed: " + ((AuthDecision.Failed) decision).reason());
        }
        session.accepted(accepted);
        Optional<String> password = accepted.upstreamPassword().or(() -> clientPassword(credentials));
        if (password.isEmpty() && upstreamLogin.needsPassword()) {
            return internalError(session, "the auth decision gave no password for the upstream login, which a "
                    + credentials.method() + " login needs");
        }
        String login = accepted.upstreamLogin().orElse(credentials.user());
        CompletableFuture<Admission> admission = limits.admitUser(login, session.clientAddress(),
                session.settings().limits(), session.id(), shared).toCompletableFuture();
        if (admission.isDone()) {
            return admitted(session, accepted, login, password, upstreamLogin, admission.join());
        }
        // A shared count answers on the store's thread: back to the session's event loop.
        EventLoop loop = session.client().eventLoop();
        return admission.thenComposeAsync(a -> admitted(session, accepted, login, password, upstreamLogin, a), loop);
    }

    private CompletionStage<LoginOutcome> admitted(Session session, AuthDecision.Accepted accepted, String login,
                                                   Optional<String> password, UpstreamLogin upstreamLogin,
                                                   Admission admission) {
        if (admission instanceof Admission.Refused refused) {
            return CompletableFuture.completedFuture(refusedOutcome(session, refused.refusal()));
        }
        Lease lease = ((Admission.Admitted) admission).lease();
        session.client().closeFuture().addListener(f -> lease.close());
        return upstreamAndLogin(session, accepted, login, password.orElse(""), upstreamLogin).thenApply(outcome -> {
            if (!(outcome instanceof LoginOutcome.LoggedIn)) {
                lease.close(); // the session ends or the client tries again: this login holds nothing
            }
            return outcome;
        });
    }

    /**
     * The password the client gave in clear, for the upstream login when the auth decision
     * names none: a plain password, or (freenginx) a bearer token, which Dovecot's
     * {@code oauth2} passdb takes as the password of an ordinary login.
     */
    private static Optional<String> clientPassword(Credentials credentials) {
        if (credentials instanceof Credentials.Plain plain) {
            return Optional.of(plain.password());
        }
        if (credentials instanceof Credentials.Bearer bearer) {
            return Optional.of(bearer.token());
        }
        return Optional.empty();
    }

    /** A per-user limit refused the login: the listeners hear of it, the client gets the protocol's words. */
    private LoginOutcome refusedOutcome(Session session, Refusal refusal) {
        session.log().info("login refused by {}", refusal.directive());
        session.fire(l -> l.onRefused(session, refusal));
        return new LoginOutcome.Refused(refusal, protocols.get(session.protocol()).refusal(refusal, session));
    }

    private CompletionStage<LoginOutcome> upstreamAndLogin(Session session, AuthDecision.Accepted accepted,
                                                           String login, String password,
                                                           UpstreamLogin upstreamLogin) {
        CompletableFuture<UpstreamDecision> modules = upstream.run(session.client().eventLoop(),
                session.settings().authTimeout(), s -> s.select(new UpstreamRequest(session, accepted)),
                UpstreamDecision.declined());
        cancelWhenClientLeaves(session, modules);
        CompletableFuture<UpstreamDecision> selection = compose(modules, choice ->
                choice instanceof UpstreamDecision.Declined ? coreSelection(session, accepted, login)
                        : CompletableFuture.completedFuture(choice));
        return compose(selection, choice -> {
            if (choice instanceof UpstreamDecision.Selected selected) {
                Optional<UpstreamTlsMode> mode = tlsMode(session, accepted, selected.candidates());
                if (mode.isEmpty()) {
                    return internalError(session, "the auth decision's " + SessionAttributes.UPSTREAM_TLS + " is \""
                            + WireText.escape(accepted.attributes().get(SessionAttributes.UPSTREAM_TLS)) + "\" (expected: "
                            + UpstreamTlsMode.expected() + ")");
                }
                return connectAndLogin(session, selected.candidates(), login, password, upstreamLogin, mode.get());
            }
            return internalError(session, "no upstream: " + ((UpstreamDecision.Failed) choice).reason());
        });
    }

    /**
     * How to reach the chosen upstream: the auth decision's {@code upstream_tls} attribute,
     * else the {@code ssl} of the {@code proxy_pass} pool the candidates come from, else the
     * server's {@code proxy_ssl}. Empty when the attribute holds an unknown word.
     */
    private Optional<UpstreamTlsMode> tlsMode(Session session, AuthDecision.Accepted accepted,
                                             List<UpstreamAddress> candidates) {
        String attribute = accepted.attributes().get(SessionAttributes.UPSTREAM_TLS);
        if (attribute != null) {
            return UpstreamTlsMode.parse(attribute);
        }
        Optional<UpstreamTlsMode> fromPool = session.settings().proxyPass().map(pools::get)
                .filter(pool -> pool.servers().containsAll(candidates)).flatMap(UpstreamPool::tls);
        return Optional.of(fromPool.orElse(session.settings().tls().upstream().mode()));
    }

    /**
     * The core's own upstream rules, after the modules' selectors declined: the auth decision's
     * upstream, else the {@code proxy_pass} pool in the {@link PoolBalancer}'s order. Completes on
     * the session's event loop (a remembered affinity answers on the store's thread).
     */
    private CompletableFuture<UpstreamDecision> coreSelection(Session session, AuthDecision.Accepted accepted,
                                                              String login) {
        if (accepted.upstream().isPresent()) {
            return CompletableFuture.completedFuture(new UpstreamDecision.Selected(List.of(accepted.upstream().get())));
        }
        Optional<String> poolName = session.settings().proxyPass();
        if (poolName.isEmpty()) {
            return CompletableFuture.completedFuture(new UpstreamDecision.Failed("the auth decision named no upstream"
                    + " and server \"" + session.settings().name() + "\" has no proxy_pass"));
        }
        CompletableFuture<UpstreamDecision> order = balancer.order(pools.get(poolName.get()), login)
                .thenApply(servers -> (UpstreamDecision) new UpstreamDecision.Selected(servers)).toCompletableFuture();
        return order.isDone() ? order : order.thenApplyAsync(d -> d, session.client().eventLoop());
    }

    private CompletionStage<LoginOutcome> connectAndLogin(Session session, List<UpstreamAddress> candidates,
                                                          String login, String password, UpstreamLogin upstreamLogin,
                                                          UpstreamTlsMode tlsMode) {
        EventLoop loop = session.client().eventLoop();
        Promise<UpstreamConnector.Connected> connected = loop.newPromise();
        connector.connect(session, candidates, connected,
                (address, reason) -> events.fire(session, l -> l.onUpstreamFailed(session, address, reason)));
        CompletableFuture<LoginOutcome> outcome = new CompletableFuture<>();
        connected.addListener(f -> {
            if (!f.isSuccess()) {
                outcome.complete(internalOutcome(session, "no upstream could be reached: "
                        + UpstreamConnector.describe(f.cause())));
                return;
            }
            UpstreamConnector.Connected c = connected.getNow();
            session.upstream(c.address());
            session.attachUpstream(c.channel());
            events.fire(session, l -> l.onUpstreamConnected(session, c.address(), Duration.ofNanos(c.connectNanos())));
            if (!session.client().isActive()) {
                c.channel().close();
                outcome.complete(new LoginOutcome.InternalError("the client left"));
                return;
            }
            UpstreamProxyProtocol proxyProtocol = session.settings().upstreamProxyProtocol();
            if (proxyProtocol != UpstreamProxyProtocol.OFF) {
                // First on the wire, in one write; the writes that follow queue behind it.
                ProxyProtocolWriter.write(session, c.channel(), proxyProtocol).addListener(w -> {
                    if (!w.isSuccess()) {
                        // The login must not go on without it: the upstream would take Postern for the client.
                        session.log().error("sending the PROXY protocol header to upstream {} failed: {}",
                                c.address(), UpstreamConnector.describe(w.cause()));
                        c.channel().close();
                    }
                });
            }
            secureThenLogin(session, c, tlsMode, () -> replayLogin(session, c.channel(), login, password,
                    upstreamLogin, outcome), outcome);
        });
        return outcome;
    }

    /**
     * Runs the login in plain text, after an implicit TLS handshake, or with the protocol's
     * STARTTLS step asked for. A failed handshake is an upstream error, logged with what was
     * expected of whom; the login never goes on without TLS.
     */
    private void secureThenLogin(Session session, UpstreamConnector.Connected c, UpstreamTlsMode mode, Runnable login,
                                 CompletableFuture<LoginOutcome> outcome) {
        UpstreamTlsStarter starter = new UpstreamTlsStarter(session.settings().tls().upstream(), c.address());
        if (mode == UpstreamTlsMode.STARTTLS) {
            starter.requireStartTls(c.channel());
        }
        if (mode != UpstreamTlsMode.SSL) {
            login.run();
            return;
        }
        starter.handshake(c.channel()).addListener(f -> {
            if (f.isSuccess()) {
                login.run();
            } else {
                c.channel().close();
                outcome.complete(internalOutcome(session, starter.describeFailure(f.cause())));
            }
        });
    }

    private void replayLogin(Session session, Channel channel, String login, String password,
                             UpstreamLogin upstreamLogin, CompletableFuture<LoginOutcome> outcome) {
        Promise<UpstreamLoginResult> result = channel.eventLoop().newPromise();
        Duration timeout = session.settings().timeout();
        ScheduledFuture<?> timer = channel.eventLoop().schedule(
                () -> result.trySuccess(new UpstreamLoginResult.Failed("no answer within " + timeout.toMillis() + "ms")),
                timeout.toNanos(), TimeUnit.NANOSECONDS);
        ChannelFutureListener closed = f -> result.trySuccess(
                new UpstreamLoginResult.Failed("the upstream closed the connection during the login"));
        channel.closeFuture().addListener(closed);
        result.addListener(f -> {
            timer.cancel(false);
            // Else the upstream's close future keeps the promise, its result (the login reply)
            // and the cancelled timer for as long as the session lasts.
            channel.closeFuture().removeListener(closed);
            outcome.complete(toOutcome(session, channel, result.getNow()));
        });
        upstreamLogin.start(channel, login, password, result);
    }

    private LoginOutcome toOutcome(Session session, Channel channel, UpstreamLoginResult result) {
        if (result instanceof UpstreamLoginResult.Accepted accepted) {
            if (!session.client().isActive()) {
                accepted.reply().release();
                channel.close();
                return new LoginOutcome.InternalError("the client left");
            }
            events.fire(session, l -> l.onLoggedIn(session));
            return new LoginOutcome.LoggedIn(channel, accepted.reply());
        }
        channel.close();
        if (result instanceof UpstreamLoginResult.Refused refused) {
            session.log().info("upstream refused the login");
            if (session.settings().proxyPassErrorMessage()) {
                return new LoginOutcome.UpstreamRefused(refused.reply());
            }
            refused.reply().release();
            return new LoginOutcome.InternalError("upstream refused the login");
        }
        return internalOutcome(session, "upstream login failed: " + ((UpstreamLoginResult.Failed) result).reason());
    }

    private static CompletionStage<LoginOutcome> internalError(Session session, String reason) {
        return CompletableFuture.completedFuture(internalOutcome(session, reason));
    }

    private static LoginOutcome internalOutcome(Session session, String reason) {
        session.log().error("{}", reason);
        return new LoginOutcome.InternalError(reason);
    }

    /**
     * {@code work.thenCompose(next)}, with {@code next} called at once when {@code work} is already
     * done (no module selector, no shared store: the usual case), without a stage in between.
     */
    private static <T, U> CompletableFuture<U> compose(CompletableFuture<T> work,
                                                       Function<T, ? extends CompletionStage<U>> next) {
        if (!work.isDone() || work.isCompletedExceptionally()) {
            return work.thenCompose(next);
        }
        try {
            return next.apply(work.join()).toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new CompletionException(e));
        }
    }

    /** Cancels {@code work} if the client leaves before it is done; forgets it once done. */
    private static void cancelWhenClientLeaves(Session session, CompletableFuture<?> work) {
        if (work.isDone()) {
            return; // answered at once (a phase without handlers): nothing to cancel
        }
        ChannelFutureListener cancel = f -> work.cancel(true);
        session.client().closeFuture().addListener(cancel);
        // A client may retry its login many times: listeners must not pile up on the channel.
        work.whenComplete((r, e) -> session.client().closeFuture().removeListener(cancel));
    }
}
