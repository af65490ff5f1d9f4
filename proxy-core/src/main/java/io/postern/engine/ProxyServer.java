package io.postern.engine;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
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
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running proxy: one event-loop group sized to the cores (epoll when available), a
 * listener per {@code listen} of every server block, and the sessions they accept.
 */
public final class ProxyServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyServer.class);

    private final EventLoopGroup group;
    private final DnsAddressResolverGroup resolver;
    private final List<Channel> listeners;
    private final ChannelGroup sessions;
    private final ConnectionLimits limits;
    private final Map<Protocol, MailProtocol> protocols;

    private ProxyServer(EventLoopGroup group, DnsAddressResolverGroup resolver, List<Channel> listeners,
                        ChannelGroup sessions, ConnectionLimits limits, Map<Protocol, MailProtocol> protocols) {
        this.group = group;
        this.resolver = resolver;
        this.listeners = listeners;
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
        SessionEvents events = new SessionEvents(phases.sessionListeners());
        ConnectionLimits limits = connectionLimits(config);
        Optional<SharedSessions> shared = sharedSessions(config, sharedStore, group);
        shared.ifPresent(limits::shareThrough);
        LoginFlow loginFlow = new LoginFlow(phases, new UpstreamConnector(transport, resolver), config.upstreams(),
                events, limits, protocols, shared, new PoolBalancer(config.upstreams(), sharedStore));
        List<Channel> listeners = new ArrayList<>();
        ProxyServer server = new ProxyServer(group, resolver, listeners, sessions, limits, Map.copyOf(protocols));
        LOG.info("using {} transport with {} event-loop threads{}", transport.name(), threads,
                transport.name().equals("epoll") ? "" : " (epoll unavailable: " + Transport.epollUnavailableReason() + ")");
        Map<Protocol, PostLogin> postLogins = new EnumMap<>(Protocol.class);
        protocols.forEach((name, protocol) -> postLogins.put(name, protocol.postLogin(phases)));
        try {
            for (ServerSettings settings : config.servers()) {
                MailProtocol protocol = protocols.get(settings.protocol());
                for (ListenAddress listen : settings.listen()) {
                    SessionInitializer initializer = new SessionInitializer(settings, protocol, loginFlow, events,
                            sessions, listen.ssl(), listen.proxyProtocol(), postLogins.get(settings.protocol()),
                            limits);
                    listeners.add(bind(group, transport, listen, initializer));
                    LOG.info("server \"{}\" ({}) listening on {}", settings.name(), settings.protocol().configName(),
                            Addresses.format(listeners.get(listeners.size() - 1).localAddress()));
                }
            }
        } catch (StartupException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /**
     * The process-wide counts, with {@code limit_conn_total} resolved ({@code auto}: what the
     * open-files limit allows); warns once when the open-files limit is too low for it.
     */
    private static ConnectionLimits connectionLimits(PosternConfig config) {
        int listenerCount = config.servers().stream().mapToInt(s -> s.listen().size()).sum();
        OptionalLong openFiles = OpenFiles.limit();
        boolean auto = config.process().limitConnTotal() == 0;
        int total = auto ? OpenFiles.autoTotal(openFiles, listenerCount) : config.process().limitConnTotal();
        OpenFiles.warning(total, auto, openFiles, listenerCount).ifPresent(LOG::warn);
        LOG.debug("limit_conn_total: {}{}", total, auto ? " (auto)" : "");
        return new ConnectionLimits(total);
    }

    /**
     * The leases of {@code limit_conn_store = redis}, renewed on the event loops (the renewal only
     * sends commands), or empty when no server shares its counts.
     */
    private static Optional<SharedSessions> sharedSessions(PosternConfig config, Optional<SharedStore> store,
                                                           EventLoopGroup group) {
        if (store.isEmpty() || config.servers().stream().noneMatch(s -> s.limits().shared())) {
            return Optional.empty();
        }
        SharedSessions shared = new SharedSessions(store.get(), InstanceName.get(), System::currentTimeMillis);
        long every = SharedSessions.RENEW_EVERY.toMillis();
        group.scheduleAtFixedRate(shared::renew, every, every, TimeUnit.MILLISECONDS);
        return Optional.of(shared);
    }

    private static Channel bind(EventLoopGroup group, Transport transport, ListenAddress listen,
                                SessionInitializer initializer) throws StartupException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, listen.backlog())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(initializer)
                // Before Netty's acceptor: a failed accept() stops here (out of descriptors: a pause).
                .handler(new AcceptFailures(Addresses.format(listen.socketAddress())));
        listen.rcvbuf().ifPresent(size -> bootstrap.option(ChannelOption.SO_RCVBUF, size));
        listen.sndbuf().ifPresent(size -> bootstrap.childOption(ChannelOption.SO_SNDBUF, size));
        KeepaliveOptions.apply(bootstrap, transport, listen.keepalive());
        InetSocketAddress address = listen.socketAddress();
        ChannelFuture bound = bootstrap.bind(address).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new StartupException("bind() to " + Addresses.format(address) + " failed ("
                    + UpstreamConnector.describe(bound.cause()) + ")", bound.cause());
        }
        return bound.channel();
    }

    /** The addresses actually bound (useful when a config asked for port 0). */
    public List<InetSocketAddress> boundAddresses() {
        return listeners.stream().map(c -> (InetSocketAddress) c.localAddress()).toList();
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
        for (Channel listener : listeners) {
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

    /** Closes everything at once; open sessions end with the reason {@link CloseReason#SHUTDOWN}. */
    @Override
    public void close() {
        for (Channel listener : listeners) {
            listener.close();
        }
        closeSessions();
        resolver.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
