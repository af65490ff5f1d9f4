package io.postern.testing.upstreams;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Free loopback ports for servers that cannot be told to pick their own: bound to port 0 and
 * released. Another process may take one before the server binds it; the fixtures detect that
 * (the server fails to bind, or someone else's greeting answers) and start again with new ports.
 */
public final class FreePorts {

    private FreePorts() {
    }

    /** {@code count} distinct ports free on 127.0.0.1 at the time of the call. */
    public static int[] pick(int count) {
        Set<Integer> ports = new LinkedHashSet<>();
        while (ports.size() < count) {
            ports.add(one());
        }
        return ports.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int one() {
        try (ServerSocket socket = new ServerSocket()) {
            // Without SO_REUSEADDR the port would sit in TIME_WAIT for the server that binds next.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }
}
