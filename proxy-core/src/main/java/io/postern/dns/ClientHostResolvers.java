package io.postern.dns;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.resolver.ResolvedAddressTypes;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.DnsServerAddresses;
import io.netty.resolver.dns.NoopDnsCache;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.postern.spi.ClientHost;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

/**
 * The client host lookups of the whole process: one Netty {@link DnsNameResolver} per event
 * loop and {@code resolver} setting, built on first use and closed when its event loop
 * terminates, with the names found kept for their TTL or {@code valid=} (nginx's resolver
 * cache; failures are not kept). Lookups run on the client's own event loop.
 */
public final class ClientHostResolvers {

    /** nginx resends an unanswered query after 5 seconds ({@code r->resend_timeout}). */
    private static final long RESEND_MILLIS = 5_000;

    /** Names kept per event loop and resolver before the expired ones are swept out. */
    private static final int CACHE_SWEEP_SIZE = 10_000;

    private final ConcurrentMap<Key, Resolver> resolvers = new ConcurrentHashMap<>();

    /**
     * Looks {@code client} up on the event loop of {@code channel} (the client's), as nginx does
     * before an SMTP greeting. The future never fails: every problem is one of nginx's two words.
     *
     * @param log where to tell the operator why there is no name; every value in it is escaped
     */
    public Future<ClientHost> lookup(Channel channel, ResolverSettings settings, InetAddress client,
                                     Consumer<String> log) {
        return lookup(channel.eventLoop(), datagramChannelFor(channel), settings, client, log);
    }

    /** {@link #lookup(Channel, ResolverSettings, InetAddress, Consumer)} on {@code loop}, with UDP channels of that type. */
    Future<ClientHost> lookup(EventLoop loop, Class<? extends DatagramChannel> datagramChannel,
                              ResolverSettings settings, InetAddress client, Consumer<String> log) {
        Resolver resolver = resolvers.computeIfAbsent(new Key(loop, settings, datagramChannel), this::build);
        Promise<ClientHost> promise = loop.newPromise();
        loop.execute(() -> resolver.lookup(client, log, promise));
        return promise;
    }

    private Resolver build(Key key) {
        DnsNameResolver dns = new DnsNameResolverBuilder(key.loop())
                .datagramChannelType(key.datagramChannel())
                .nameServerProvider(hostname -> DnsServerAddresses.rotational(key.settings().servers()).stream())
                .queryTimeoutMillis(Math.min(RESEND_MILLIS, Math.max(1, key.settings().timeout().toMillis())))
                .resolveCache(NoopDnsCache.INSTANCE)
                .resolvedAddressTypes(ResolvedAddressTypes.IPV4_PREFERRED)
                .recursionDesired(true)
                .maxQueriesPerResolve(1)
                .optResourceEnabled(false)
                .build();
        key.loop().terminationFuture().addListener(f -> {
            resolvers.remove(key);
            dns.close();
        });
        return new Resolver(dns, key.loop(), key.settings());
    }

    /** UDP on the client's transport: epoll's datagram channel on an epoll loop, NIO's otherwise. */
    static Class<? extends DatagramChannel> datagramChannelFor(Channel channel) {
        return channel instanceof EpollSocketChannel ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }

    private record Key(EventLoop loop, ResolverSettings settings, Class<? extends DatagramChannel> datagramChannel) {
    }

    /** One event loop's resolver and the names it found, touched only on that loop. */
    private static final class Resolver {
        private final DnsNameResolver dns;
        private final EventLoop loop;
        private final ResolverSettings settings;
        private final Map<InetAddress, Cached> cache = new HashMap<>();

        Resolver(DnsNameResolver dns, EventLoop loop, ResolverSettings settings) {
            this.dns = dns;
            this.loop = loop;
            this.settings = settings;
        }

        void lookup(InetAddress client, Consumer<String> log, Promise<ClientHost> promise) {
            long now = System.nanoTime();
            Cached cached = cache.get(client);
            if (cached != null && cached.expires - now > 0) {
                promise.trySuccess(cached.host);
                return;
            }
            cache.remove(client);
            if (cache.size() >= CACHE_SWEEP_SIZE) {
                cache.values().removeIf(c -> c.expires - now <= 0);
                if (cache.size() >= CACHE_SWEEP_SIZE) {
                    cache.clear();
                }
            }
            ClientHostLookup.start(dns, loop, settings, client, log).addListener(
                    (Future<ClientHostLookup.Lookup> f) -> {
                        ClientHostLookup.Lookup lookup = f.getNow();
                        long seconds = settings.valid().map(java.time.Duration::toSeconds).orElse(lookup.ttlSeconds());
                        if (lookup.host() instanceof ClientHost.Name && seconds > 0) {
                            cache.put(client, new Cached(lookup.host(), System.nanoTime() + seconds * 1_000_000_000L));
                        }
                        promise.trySuccess(lookup.host());
                    });
        }
    }

    private record Cached(ClientHost host, long expires) {
    }
}
