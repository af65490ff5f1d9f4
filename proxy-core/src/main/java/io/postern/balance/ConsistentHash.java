package io.postern.balance;

import io.postern.spi.UpstreamAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A ketama ring over a pool's servers, as nginx stream's {@code hash $key consistent}: each
 * server owns {@link #POINTS} points on a 32-bit circle (MD5 of {@code "host:port-i"}, four points
 * per digest), and a key belongs to the first server clockwise from the key's own point. Every
 * instance with the same pool computes the same answer without talking to the others, and
 * removing a server moves only the keys it held; adding one takes about 1/N of the keys.
 */
public final class ConsistentHash {

    /** Points per server, as libketama (40 digests of 4 points): enough for an even spread over a few servers. */
    static final int POINTS = 160;

    private final NavigableMap<Long, UpstreamAddress> ring = new TreeMap<>();
    private final int servers;

    public ConsistentHash(List<UpstreamAddress> servers) {
        Objects.requireNonNull(servers, "servers");
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("servers: [] (expected: at least one upstream)");
        }
        Set<UpstreamAddress> distinct = new LinkedHashSet<>(servers);
        this.servers = distinct.size();
        for (UpstreamAddress server : distinct) {
            for (int i = 0; i < POINTS / 4; i++) {
                byte[] digest = md5(server.host() + ":" + server.port() + "-" + i);
                for (int p = 0; p < 4; p++) {
                    // On a collision the first server keeps the point: the same on every instance.
                    ring.putIfAbsent(point(digest, p * 4), server);
                }
            }
        }
    }

    /**
     * The servers in the order {@code key} tries them: its own first, then the next distinct ones
     * clockwise (where its sessions go when its own cannot be reached).
     */
    public List<UpstreamAddress> order(String key) {
        long start = point(md5(key), 0);
        Set<UpstreamAddress> order = new LinkedHashSet<>();
        for (Map.Entry<Long, UpstreamAddress> e : ring.tailMap(start, true).entrySet()) {
            order.add(e.getValue());
            if (order.size() == servers) {
                return new ArrayList<>(order);
            }
        }
        for (UpstreamAddress server : ring.values()) {
            order.add(server);
            if (order.size() == servers) {
                break;
            }
        }
        return new ArrayList<>(order);
    }

    /** Four bytes of {@code digest} from {@code offset}, little-endian, as an unsigned 32-bit number (ketama's). */
    private static long point(byte[] digest, int offset) {
        return (digest[offset] & 0xFFL) | (digest[offset + 1] & 0xFFL) << 8 | (digest[offset + 2] & 0xFFL) << 16
                | (digest[offset + 3] & 0xFFL) << 24;
    }

    private static byte[] md5(String text) {
        try {
            return MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every JDK", e);
        }
    }
}
