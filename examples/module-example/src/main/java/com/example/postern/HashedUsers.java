package com.example.postern;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.codec.DecoderException;
import org.apache.commons.codec.binary.Hex;
import org.apache.commons.codec.digest.DigestUtils;

/** Logins and the SHA-256 of their passwords, from {@code example_users}. Immutable. */
final class HashedUsers {

    private final Map<String, byte[]> hashes;

    private HashedUsers(Map<String, byte[]> hashes) {
        this.hashes = Map.copyOf(hashes);
    }

    /**
     * Parses {@code "login:sha256hex"} entries.
     *
     * @throws IllegalArgumentException naming the directive and the first bad entry
     */
    static HashedUsers parse(String directive, List<String> entries) {
        Map<String, byte[]> hashes = new HashMap<>();
        for (String entry : entries) {
            int colon = entry.indexOf(':');
            String hex = colon < 0 ? "" : entry.substring(colon + 1);
            if (colon <= 0 || hex.length() != 64) {
                throw new IllegalArgumentException(directive + ": " + (colon < 0 ? entry : entry.substring(0, colon))
                        + ":... (expected: login:sha256, 64 hex digits)");
            }
            try {
                hashes.put(entry.substring(0, colon), Hex.decodeHex(hex));
            } catch (DecoderException e) {
                throw new IllegalArgumentException(directive + ": " + entry.substring(0, colon)
                        + ":... (expected: login:sha256, 64 hex digits)");
            }
        }
        return new HashedUsers(hashes);
    }

    /** Empty when the login is not ours; otherwise whether the password matches. */
    Optional<Boolean> check(String login, String password) {
        byte[] expected = hashes.get(login);
        if (expected == null) {
            return Optional.empty();
        }
        byte[] actual = DigestUtils.sha256(password.getBytes(StandardCharsets.UTF_8));
        // Constant time: how long the comparison takes tells nothing about the hash.
        return Optional.of(MessageDigest.isEqual(expected, actual));
    }
}
