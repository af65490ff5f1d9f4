package io.postern.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@code postern -t} can tell about a listen address without binding it: a host name
 * that does not resolve (nginx's "host not found in ... of the "listen" directive") and an
 * address no interface of this machine has, which bind() would refuse. A port in use is not
 * checked: {@code -t} must pass while Postern itself is running on the same file, as nginx's
 * does, and start-up names a taken port ("bind() to ... failed").
 */
final class ListenCheck {

    private static final Path NONLOCAL_BIND_V4 = Path.of("/proc/sys/net/ipv4/ip_nonlocal_bind");
    private static final Path NONLOCAL_BIND_V6 = Path.of("/proc/sys/net/ipv6/ip_nonlocal_bind");

    private ListenCheck() {
    }

    /** Why {@code listen} cannot be bound on this machine, or empty when it can as far as can be told. */
    static Optional<String> problem(ListenAddress listen) {
        if (listen.isWildcard()) {
            return Optional.empty();
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(listen.host());
        } catch (UnknownHostException e) {
            return Optional.of("host not found in \"" + listen.addressText() + "\" of the \"listen\" directive");
        }
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || nonlocalBindAllowed(address)) {
            return Optional.empty();
        }
        try {
            if (NetworkInterface.getByInetAddress(address) == null) {
                return Optional.of("\"" + listen.addressText() + "\" of the \"listen\" directive: "
                        + address.getHostAddress() + " is not an address of this machine (bind() would fail:"
                        + " Cannot assign requested address)");
            }
        } catch (SocketException e) {
            return Optional.empty(); // cannot tell; start-up will
        }
        return Optional.empty();
    }

    /** Linux's net.ipv4.ip_nonlocal_bind (and IPv6's) lets a server bind an address it does not have yet. */
    private static boolean nonlocalBindAllowed(InetAddress address) {
        Path sysctl = address instanceof java.net.Inet6Address ? NONLOCAL_BIND_V6 : NONLOCAL_BIND_V4;
        try {
            return Files.isReadable(sysctl) && Files.readString(sysctl).trim().equals("1");
        } catch (IOException e) {
            return false;
        }
    }
}
