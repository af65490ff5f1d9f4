package io.postern.auth.throttle;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * A network in CIDR form ({@code 10.0.0.0/8}, {@code ::1/128}; a bare address is a network of
 * one). Only IP literals are accepted, so parsing never asks DNS.
 */
record Cidr(byte[] network, int prefix) {

    static Cidr parse(String text) {
        Objects.requireNonNull(text, "text");
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        if (!address.matches("[0-9A-Fa-f:.]+") || (address.indexOf(':') < 0 && !address.matches("[0-9.]+"))) {
            throw new IllegalArgumentException("\"" + text + "\" (expected: an IP network such as 10.0.0.0/8 or ::1/128)");
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("\"" + text + "\" (expected: an IP network such as 10.0.0.0/8 or ::1/128)");
        }
        int bits = bytes.length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? bits : Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            prefix = -1;
        }
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("\"" + text + "\" (expected: a prefix length 0-" + bits + ")");
        }
        return new Cidr(bytes, prefix);
    }

    /** The network of {@code prefix} bits that {@code address} is in: {@code 192.0.2.7} and 24 give {@code 192.0.2.0/24}. */
    static Cidr of(InetAddress address, int prefix) {
        byte[] bytes = address.getAddress();
        if (prefix < 0 || prefix > bytes.length * 8) {
            throw new IllegalArgumentException("prefix: " + prefix + " (expected: 0-" + bytes.length * 8 + ")");
        }
        for (int i = 0; i < bytes.length; i++) {
            int kept = Math.max(0, Math.min(8, prefix - i * 8));
            bytes[i] &= (byte) (0xFF << (8 - kept));
        }
        return new Cidr(bytes, prefix);
    }

    boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        if (candidate.length != network.length) {
            return false;
        }
        int whole = prefix / 8;
        for (int i = 0; i < whole; i++) {
            if (candidate[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (candidate[whole] & mask) == (network[whole] & mask);
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
