package io.postern.config;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Objects;

/**
 * One {@code set_real_ip_from} entry: an IPv4 or IPv6 address, or a network in CIDR
 * notation ({@code 192.0.2.0/24}, {@code 2001:db8::/32}). A PROXY protocol header is
 * trusted only from a peer in one of them (nginx's {@code ngx_mail_realip_handler}).
 * Host names are refused: trust must not depend on DNS.
 */
public final class RealIpNetwork {

    private final byte[] network;
    private final int prefix;
    private final String text;

    private RealIpNetwork(byte[] network, int prefix, String text) {
        this.network = network;
        this.prefix = prefix;
        this.text = text;
    }

    /**
     * Parses {@code address} or {@code address/prefix}.
     *
     * @throws IllegalArgumentException naming the value and what was expected
     */
    public static RealIpNetwork parse(String value) {
        Objects.requireNonNull(value, "value");
        int slash = value.indexOf('/');
        String address = slash < 0 ? value : value.substring(0, slash);
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
        if (bytes == null) {
            throw new IllegalArgumentException(NginxValues.quote(value)
                    + " (expected: an IPv4 or IPv6 address, or a network such as 192.0.2.0/24)");
        }
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String digits = value.substring(slash + 1);
            prefix = digits.matches("[0-9]{1,3}") ? Integer.parseInt(digits) : -1;
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException(NginxValues.quote(value) + " (expected: a prefix length 0-"
                        + bits + " after the /)");
            }
        }
        byte[] network = bytes.clone();
        mask(network, prefix);
        return new RealIpNetwork(network, prefix, value);
    }

    /** Whether {@code peer} lies in this network; an IPv4-mapped IPv6 peer matches IPv4 networks. */
    public boolean contains(InetSocketAddress peer) {
        InetAddress address = peer.getAddress();
        if (address == null) {
            return false;
        }
        byte[] bytes = address.getAddress();
        if (bytes.length == 16 && network.length == 4 && isV4Mapped(bytes)) {
            bytes = Arrays.copyOfRange(bytes, 12, 16);
        }
        if (bytes.length != network.length) {
            return false;
        }
        mask(bytes, prefix);
        return Arrays.equals(bytes, network);
    }

    private static boolean isV4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }

    private static void mask(byte[] bytes, int prefix) {
        for (int i = 0; i < bytes.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            bytes[i] &= (byte) (0xff << (8 - keep));
        }
    }

    /** Two networks are equal when they hold the same addresses, however they were written. */
    @Override
    public boolean equals(Object other) {
        return other instanceof RealIpNetwork that && prefix == that.prefix && Arrays.equals(network, that.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefix;
    }

    /** Which network, as written. */
    @Override
    public String toString() {
        return text;
    }
}
