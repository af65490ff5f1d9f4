package io.postern.engine;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.DefaultAddressResolverGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;
import io.postern.spi.Connection;
import io.postern.spi.Connector;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The modules' {@link Connector}: connections and timers on the core's event-loop group, on the
 * calling thread's loop when it is one of the group's, so a module's exchange started by a
 * session completes on the session's loop. Made unbound when the configuration is read (modules
 * get it in {@code configure}), bound to the group when the server starts ({@link ProxyServer}).
 */
public final class ModuleConnector implements Connector, AutoCloseable {

    private static final String NOT_STARTED = "the connector is usable once Postern started";

    /**
     * The group once bound, and bootstraps of everything but the loop, the timeout and the
     * handler, cloned per connection: a bootstrap given the channel's class looks its
     * constructor up by reflection, a measurable part of a login when done per connection.
     * {@code ipv4} is for an IPv4 address (an IPv4 socket, see {@link Transport#ipv4SocketChannel}),
     * {@code any} for the rest. No {@code TCP_NODELAY}: the transport sets it ({@link Transport}).
     */
    private record Loops(EventLoopGroup group, Bootstrap any, Bootstrap ipv4, boolean owned) {

        Loops(EventLoopGroup group, Transport transport, AddressResolverGroup<InetSocketAddress> resolver,
              boolean owned) {
            this(group, common(resolver).channel(transport.socketChannel()),
                    common(resolver).channelFactory(transport.ipv4SocketChannel()), owned);
        }

        private static Bootstrap common(AddressResolverGroup<InetSocketAddress> resolver) {
            return new Bootstrap().resolver(resolver).option(ChannelOption.AUTO_READ, false);
        }

        Bootstrap template(InetSocketAddress address) {
            return Transport.isIpv4(address) ? ipv4 : any;
        }
    }

    private volatile Loops loops;

    /** An unbound connector, bound to the server's loops when it starts. */
    public ModuleConnector() {
    }

    /**
     * A connector on a one-thread loop of its own (NIO, the JDK's resolver), for tests and
     * embedding; {@link #close()} stops the loop.
     */
    public static ModuleConnector standalone() {
        ModuleConnector connector = new ModuleConnector();
        Transport nio = Transport.nio();
        connector.loops = new Loops(new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("postern-connector",
                true), nio.ioHandlerFactory()), nio, DefaultAddressResolverGroup.INSTANCE, true);
        return connector;
    }

    /** Binds the connector to the server's loops; the first binding stays (a reload keeps the group). */
    synchronized void bind(EventLoopGroup group, Transport transport, AddressResolverGroup<InetSocketAddress> resolver) {
        if (loops == null) {
            loops = new Loops(group, transport, resolver, false);
        }
    }

    @Override
    public CompletionStage<Connection> connect(InetSocketAddress address, Duration timeout) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(timeout, "timeout");
        Loops l = loops;
        if (l == null) {
            return CompletableFuture.failedFuture(new IllegalStateException(NOT_STARTED));
        }
        CompletableFuture<Connection> done = new CompletableFuture<>();
        ModuleConnection connection = new ModuleConnection();
        ChannelFuture connect = l.template(address).clone(loop(l))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, Math.min(Integer.MAX_VALUE,
                        timeout.toMillis())))
                .handler(connection)
                .connect(address);
        connect.addListener(f -> {
            if (f.isSuccess()) {
                done.complete(connection);
            } else {
                done.completeExceptionally(connectFailure(f.cause(), address, timeout));
            }
        });
        return done;
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        Objects.requireNonNull(task, "task");
        return loop(started()).schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public Executor eventLoop() {
        return loop(started());
    }

    @Override
    public boolean inEventLoop() {
        Loops l = loops;
        return l != null && current(l) != null;
    }

    private Loops started() {
        Loops l = loops;
        if (l == null) {
            throw new IllegalStateException(NOT_STARTED);
        }
        return l;
    }

    private static EventLoop loop(Loops l) {
        EventLoop current = current(l);
        return current != null ? current : l.group().next();
    }

    private static EventLoop current(Loops l) {
        EventExecutor executor = ThreadExecutorMap.currentExecutor();
        return executor instanceof EventLoop loop && loop.parent() == l.group() ? loop : null;
    }

    /**
     * A connect failure as the JDK reports it ({@code Connection refused}), without Netty's types,
     * its system-call prefix or the address it appends (the caller knows it).
     */
    private static ConnectException connectFailure(Throwable cause, InetSocketAddress address, Duration timeout) {
        if (cause instanceof ConnectTimeoutException) {
            return new ConnectException("connect timed out after " + timeout.toMillis() + "ms");
        }
        String message = ModuleConnection.plainMessage(cause);
        int annotation = message.lastIndexOf(": ");
        if (annotation < 0 || !message.endsWith(":" + address.getPort())
                || message.indexOf('/', annotation) < 0) {
            annotation = -1; // not "…: host/ip:port"
        }
        return new ConnectException(annotation > 0 ? message.substring(0, annotation) : message);
    }

    /** Stops the loop of a {@link #standalone()} connector; the server's loops are the server's to stop. */
    @Override
    public void close() {
        Loops l = loops;
        if (l != null && l.owned()) {
            l.group().shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    static IOException closed() {
        return new IOException("connection closed");
    }
}
