package io.postern.engine;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.postern.config.ListenAddress;
import io.postern.config.PosternConfig;
import io.postern.config.ServerSettings;
import io.postern.balance.PoolBalancer;
import io.postern.limits.ConnectionLimits;
import io.postern.limits.OpenFiles;
import io.postern.limits.SharedSessions;
import io.postern.spi.SharedStore;
import io.postern.module.Phases;
import io.postern.spi.CloseReason;
import io.postern.spi.Protocol;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running proxy: one event-loop group sized to the cores (epoll when available), a
 * listener per {@code listen} of every server block, and the sessions they accept.
 *
 * <p>A reload ({@link #bindAdded}, then {@link #swap}) keeps every listening socket whose
 * address stays in the configuration and only changes which {@link Generation} its new
 * connections get; it binds the addresses added and closes the ones removed.
 */
public final class ProxyServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyServer.class);

    private final EventLoopGroup group;
    private final Transport transport;
    private final DnsAddressResolverGroup resolver;
    private final UpstreamConnector connector;
    private final ChannelGroup sessions;
    private final ConnectionLimits limits;
    private final Map<Protocol, MailProtocol> protocols;
    /** By {@link ListenerKeys#of}, in the order of the current configuration. */
    private Map<String, Listener> listeners = new LinkedHashMap<>();
    private volatile Generation current;
    /** {@code mail.redis}, the process's for its lifetime (a reload keeps it). */
    private final Optional<SharedStore> sharedStore;
    /** The leases of {@code limit_conn_store = redis}, whenever there is a store to keep them in. */
    private final Optional<SharedSessions> shared;

    /** One bound socket: the listen it was bound for, its channel and its swappable child handler. */
    private record Listener(ListenAddress listen, Channel channel, ListenerSlot slot) {
    }

    private ProxyServer(EventLoopGroup group, Transport transport, DnsAddressResolverGroup resolver,
                        ChannelGroup sessions, ConnectionLimits limits, Map<Protocol, MailProtocol> protocols,
                        Optional<SharedStore> sharedStore, Optional<SharedSessions> shared) {
        this.sharedStore = sharedStore;
        this.shared = shared;
        this.group = group;
        this.transport = transport;
        this.resolver = resolver;
        this.connector = new UpstreamConnector(transport, resolver);
        this.sessions = sessions;
        this.limits = limits;
        this.protocols = protocols;
    }

    /**
     * Binds every listener and starts accepting. On a bind failure everything already bound is
     * closed and a {@link StartupException} names the address, as nginx's
     * {@code bind() to 127.0.0.1:143 failed (98: Address already in use)}.
     */
    public static ProxyServer start(PosternConfig config, Phases phases, Map<Protocol, MailProtocol> protocols)
            throws StartupException {
        return start(config, phases, protocols, Optional.empty());
    }

    /**
     * {@link #start(PosternConfig, Phases, Map)}, with the store of {@code mail.redis} for the
     * servers with {@code limit_conn_store = redis}.
     */
    public static ProxyServer start(PosternConfig config, Phases phases, Map<Protocol, MailProtocol> protocols,
                                    Optional<SharedStore> sharedStore) throws StartupException {
        Transport transport = Transport.detect();
        int threads = config.process().eventLoopThreads() == 0
                ? Runtime.getRuntime().availableProcessors() : config.process().eventLoopThreads();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("postern-io"),
                transport.ioHandlerFactory());
        DnsAddressResolverGroup resolver = new DnsAddressResolverGroup(
                new DnsNameResolverBuilder().datagramChannelType(transport.datagramChannel()));
        ChannelGroup sessions = new DefaultChannelGroup("sessions", GlobalEventExecutor.INSTANCE);
        ConnectionLimits limits = connectionLimits(config);
        Optional<SharedSessions> shared = sharedSessions(sharedStore, group);
        shared.ifPresent(limits::shareThrough);
        ProxyServer server = new ProxyServer(group, transport, resolver, sessions, limits, Map.copyOf(protocols),
                sharedStore, shared);
        LOG.info("using {} transport with {} event-loop threads{}", transport.name(), threads,
                transport.name().equals("epoll") ? "" : " (epoll unavailable: " + Transport.epollUnavailableReason() + ")");
        try {
            server.swap(server.bindAdded(config), phases);
        } catch (StartupException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** Puts the modules' connector on this server's loops (and its resolver, for host names). */
    public void bindConnector(ModuleConnector moduleConnector) {
        moduleConnector.bind(group, transport, resolver);
    }

    /**
     * The first step of a start or a reload: binds every listen of {@code config} that no
     * listening socket serves yet. Nothing changes for the sessions until {@link #swap}; on a
     * bind failure the sockets bound by this call are closed again and nothing changed at all.
     * Called from a non-event-loop thread.
     */
    public synchronized ListenerPlan bindAdded(PosternConfig config) throws StartupException {
        Map<String, ListenAddress> wanted = ListenerKeys.all(config);
        Map<String, Listener> added = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, ListenAddress> entry : wanted.entrySet()) {
                if (!listeners.containsKey(entry.getKey())) {
                    ListenerSlot slot = new ListenerSlot();
                    added.put(entry.getKey(), new Listener(entry.getValue(),
                            bind(group, transport, entry.getValue(), slot), slot));
                }
            }
        } catch (StartupException e) {
            added.values().forEach(l -> l.channel().close().awaitUninterruptibly());
            throw e;
        }
        return new ListenerPlan(config, added);
    }

    /**
     * What {@link #bindAdded} bound for a configuration, to be {@linkplain #swap swapped} in
     * or {@linkplain ListenerPlan#abandon abandoned}.
     */
    public static final class ListenerPlan {
        private final PosternConfig config;
        private final Map<String, Listener> added;

        private ListenerPlan(PosternConfig config, Map<String, Listener> added) {
            this.config = config;
            this.added = added;
        }

        /** Closes the sockets bound for a reload that did not happen. */
        public void abandon() {
            added.values().forEach(l -> l.channel().close().awaitUninterruptibly());
        }
    }

    /** ", TLS by OpenSSL (BoringSSL)" for a listener that speaks TLS from the first byte or after STARTTLS. */
    private static String tlsProvider(ServerSettings settings, ListenAddress listen) {
        return settings.tls().server().filter(tls -> listen.ssl() || settings.tls().offersStartTls())
                .map(tls -> ", TLS by " + tls.provider().describe()).orElse("");
    }

    /** Why {@code ssl_provider auto} gave a server the JDK's TLS, once as its listeners open. */
    private static void logTlsFallback(ServerSettings settings, ListenerPlan plan) {
        boolean opening = false;
        for (int i = 0; i < settings.listen().size(); i++) {
            opening |= plan.added.containsKey(ListenerKeys.of(settings, i));
        }
        if (opening) {
            settings.tls().server().flatMap(tls -> tls.provider().fallback()).ifPresent(why -> LOG.info(
                    "server \"{}\": ssl_provider auto: the JDK's TLS, as {}", settings.name(), why));
        }
    }

    /**
     * The second step: new connections on every listener of the plan's configuration are served
     * with it and {@code phases} from now on; listeners it no longer names are closed (their
     * sessions stay open). Returns the generation this one replaced, whose sessions go on with
     * their configuration; {@link Retiring#drained} tells when the last of them ended.
     */
    public synchronized Retiring swap(ListenerPlan plan, Phases phases) {
        PosternConfig config = plan.config;
        Generation previous = current;
        SessionEvents events = new SessionEvents(phases.sessionListeners());
        LoginFlow loginFlow = new LoginFlow(phases, connector, config.upstreams(), events, limits, protocols, shared,
                new PoolBalancer(config.upstreams(), sharedStore));
        Map<Protocol, PostLogin> postLogins = new EnumMap<>(Protocol.class);
        protocols.forEach((name, protocol) -> postLogins.put(name, protocol.postLogin(phases)));
        Generation next = new Generation(previous == null ? 1 : previous.number() + 1, loginFlow, events,
                postLogins);
        if (previous != null) {
            limits.total(totalLimit(config)); // the counts of the open connections carry over
        }
        Map<String, Listener> kept = new LinkedHashMap<>();
        for (ServerSettings settings : config.servers()) {
            MailProtocol protocol = protocols.get(settings.protocol());
            logTlsFallback(settings, plan);
            for (int i = 0; i < settings.listen().size(); i++) {
                ListenAddress listen = settings.listen().get(i);
                String key = ListenerKeys.of(settings, i);
                Listener listener = plan.added.containsKey(key) ? plan.added.get(key) : listeners.get(key);
                SessionInitializer initializer = new SessionInitializer(settings, protocol, loginFlow, events,
                        sessions, listen.ssl(), listen.proxyProtocol(), postLogins.get(settings.protocol()), limits,
                        next);
                listener.slot().route(initializer);
                kept.put(key, listener);
                if (plan.added.containsKey(key)) {
                    listener.channel().config().setAutoRead(true);
                    LOG.info("server \"{}\" ({}) listening on {}{}", settings.name(), settings.protocol().configName(),
                            Addresses.format(listener.channel().localAddress()), tlsProvider(settings, listen));
                } else {
                    ListenerKeys.unchangeable(listener.listen(), listen).ifPresent(what -> LOG.warn(
                            "server \"{}\": listen \"{}\": {} of a kept listening socket change only at restart",
                            settings.name(), listen, what));
                }
            }
        }
        listeners.forEach((key, listener) -> {
            if (!kept.containsKey(key)) {
                LOG.info("closing the listener on {}, no longer in the configuration",
                        Addresses.format(listener.channel().localAddress()));
                listener.channel().close().awaitUninterruptibly();
            }
        });
        listeners = kept;
        current = next;
        if (previous == null) {
            return new Retiring(CompletableFuture.completedFuture(null), 0);
        }
        previous.supersede();
        return new Retiring(previous.drained(), previous.sessions());
    }

    /**
     * The sessions a swap left on the previous configuration.
     *
     * @param drained completes when the last of them ended
     * @param sessions how many were open at the swap
     */
    public record Retiring(CompletableFuture<Void> drained, int sessions) {
    }

    /**
     * The process-wide counts, with {@code limit_conn_total} resolved ({@code auto}: what the
     * open-files limit allows); warns once when the open-files limit is too low for it.
     */
    private static ConnectionLimits connectionLimits(PosternConfig config) {
        return new ConnectionLimits(totalLimit(config));
    }

    private static int totalLimit(PosternConfig config) {
        int listenerCount = config.servers().stream().mapToInt(s -> s.listen().size()).sum();
        OptionalLong openFiles = OpenFiles.limit();
        boolean auto = config.process().limitConnTotal() == 0;
        int total = auto ? OpenFiles.autoTotal(openFiles, listenerCount) : config.process().limitConnTotal();
        OpenFiles.warning(total, auto, openFiles, listenerCount).ifPresent(LOG::warn);
        LOG.debug("limit_conn_total: {}{}", total, auto ? " (auto)" : "");
        return total;
    }

    /**
     * The leases of {@code limit_conn_store = redis}, renewed on the event loops (the renewal only
     * sends commands), or empty without {@code mail.redis}.
     */
    private static Optional<SharedSessions> sharedSessions(Optional<SharedStore> store, EventLoopGroup group) {
        // Whenever there is a store, since a reload may turn limit_conn_store = redis on; without
        // leases a renewal sends nothing.
        if (store.isEmpty()) {
            return Optional.empty();
        }
        SharedSessions shared = new SharedSessions(store.get(), InstanceName.get(), System::currentTimeMillis);
        long every = SharedSessions.RENEW_EVERY.toMillis();
        group.scheduleAtFixedRate(shared::renew, every, every, TimeUnit.MILLISECONDS);
        return Optional.of(shared);
    }

    private static Channel bind(EventLoopGroup group, Transport transport, ListenAddress listen,
                                ListenerSlot slot) throws StartupException {
        InetSocketAddress address = listen.socketAddress();
        ChannelFuture bound = listening(group, transport, listen, slot).bind(address).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new StartupException(BindFailure.describe(address, bound.cause()), bound.cause());
        }
        return bound.channel();
    }

    /**
     * The bootstrap of one listen, its accepted sockets handed to {@code children}. Only the
     * options the listen names are set on accepted sockets: {@code TCP_NODELAY} is the
     * transport's default ({@link Transport}), and setting it again cost a system call per session.
     */
    static ServerBootstrap listening(EventLoopGroup group, Transport transport, ListenAddress listen,
                                     ChannelHandler children) {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channelFactory(transport.listeningChannel(listen.socketAddress()))
                .option(ChannelOption.SO_BACKLOG, listen.backlog())
                .option(ChannelOption.SO_REUSEADDR, true)
                // Accepting starts once swap() gave the slot its route; connections wait in the backlog.
                .option(ChannelOption.AUTO_READ, false)
                .childHandler(children)
                // Before Netty's acceptor: a failed accept() stops here (out of descriptors: a pause).
                .handler(new AcceptFailures(Addresses.format(listen.socketAddress())));
        listen.rcvbuf().ifPresent(size -> bootstrap.option(ChannelOption.SO_RCVBUF, size));
        listen.sndbuf().ifPresent(size -> bootstrap.childOption(ChannelOption.SO_SNDBUF, size));
        KeepaliveOptions.apply(bootstrap, transport, listen.keepalive());
        Ipv6OnlyOption.apply(bootstrap, transport, listen);
        return bootstrap;
    }

    /** The addresses actually bound (useful when a config asked for port 0). */
    public synchronized List<InetSocketAddress> boundAddresses() {
        return listeners.values().stream().map(l -> (InetSocketAddress) l.channel().localAddress()).toList();
    }

    /** The process-wide connection counts behind the connection limits. */
    public ConnectionLimits connectionLimits() {
        return limits;
    }

    /** The number of open client sessions. */
    public int activeSessions() {
        return sessions.size();
    }

    /**
     * Stops gracefully: no new connections, then up to {@code drain} for the sessions to end
     * on their own, then the rest are closed. Called from a non-event-loop thread.
     */
    public void shutdown(Duration drain) {
        for (Channel listener : listenerChannels()) {
            listener.close().awaitUninterruptibly();
        }
        long deadline = System.nanoTime() + drain.toNanos();
        while (!sessions.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (!sessions.isEmpty()) {
            LOG.info("closing {} remaining session(s) at shutdown", sessions.size());
        }
        close();
    }

    /**
     * Closes every session of {@code login} (compared case-insensitively) in this process, each on
     * its event loop: before login with the protocol's {@link MailProtocol#kickGoodbye}, after login
     * with it too when the relay is framed, else without a word (see {@link #closeSessions}).
     *
     * @return how many sessions were found
     */
    public int kick(String login) {
        int found = 0;
        for (Channel channel : sessions) {
            SessionLifecycle lifecycle = channel.pipeline().get(SessionLifecycle.class);
            if (lifecycle == null || !lifecycle.session().login().map(login::equalsIgnoreCase).orElse(false)) {
                continue;
            }
            found++;
            Session session = lifecycle.session();
            String goodbye = protocols.get(session.protocol()).kickGoodbye();
            channel.eventLoop().execute(() -> {
                LoginTimer preLogin = channel.pipeline().get(LoginTimer.class);
                if (preLogin != null) {
                    preLogin.end(goodbye, CloseReason.KICKED, "kicked by an operator");
                    return;
                }
                session.kickHandler().ifPresentOrElse(handler -> handler.accept(goodbye), () -> {
                    session.closing(CloseReason.KICKED, "kicked by an operator");
                    channel.close();
                });
            });
        }
        return found;
    }

    /**
     * Closes every session. One that has not logged in gets its protocol's goodbye first
     * ({@link MailProtocol#shutdownGoodbye}); a relayed one is closed without a word, as nginx
     * closes it: Postern does not know whether the upstream is in the middle of an answer (a
     * literal, a multi-line reply) where a line of its own would corrupt what the client reads.
     */
    private void closeSessions() {
        for (Channel channel : sessions) {
            channel.eventLoop().execute(() -> {
                LoginTimer preLogin = channel.pipeline().get(LoginTimer.class);
                SessionLifecycle lifecycle = channel.pipeline().get(SessionLifecycle.class);
                if (preLogin != null && lifecycle != null) {
                    preLogin.shutdown(protocols.get(lifecycle.session().protocol()).shutdownGoodbye());
                }
                if (lifecycle != null) {
                    lifecycle.session().closing(CloseReason.SHUTDOWN, "");
                }
                channel.close();
            });
        }
        sessions.newCloseFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    private synchronized List<Channel> listenerChannels() {
        return listeners.values().stream().map(Listener::channel).toList();
    }

    /** Closes everything at once; open sessions end with the reason {@link CloseReason#SHUTDOWN}. */
    @Override
    public void close() {
        for (Channel listener : listenerChannels()) {
            listener.close();
        }
        closeSessions();
        resolver.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
