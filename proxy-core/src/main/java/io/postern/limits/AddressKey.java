package io.postern.limits;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * What the per-address limits count by: an IPv4 address (an IPv4-mapped IPv6 address counts as
 * its IPv4 address), or an IPv6 address's /64 network. One IPv6 host usually holds a whole /64
 * and may pick any address in it (privacy addresses), so counting single IPv6 addresses would
 * let one host escape every per-address limit and fill the rate table (Postfix aggregates IPv6
 * clients by prefix for the same reason: smtpd_client_ipv6_prefix_length).
 */
final class AddressKey {

    static final int IPV6_PREFIX = 64;

    private AddressKey() {
    }

    /** {@code 192.0.2.1}, or {@code 2001:db8:0:1:0:0:0:0/64}. */
    static String of(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        if (isV4Mapped(bytes)) {
            return (bytes[12] & 0xff) + "." + (bytes[13] & 0xff) + "." + (bytes[14] & 0xff) + "." + (bytes[15] & 0xff);
        }
        byte[] network = Arrays.copyOf(Arrays.copyOf(bytes, IPV6_PREFIX / 8), 16);
        try {
            return Inet6Address.getByAddress(null, network).getHostAddress() + "/" + IPV6_PREFIX;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // 16 bytes are always an IPv6 address
        }
    }

    private static boolean isV4Mapped(byte[] bytes) {
        if (bytes.length != 16 || bytes[10] != (byte) 0xff || bytes[11] != (byte) 0xff) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
