package io.postern.auth.cache;

import io.postern.spi.WireText;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * What a cached decision is looked up by: the server, the login, the method and a salted
 * SHA-256 of the password. The salt is random per process, so the key is useless outside it;
 * the password itself is never kept.
 */
record CacheKey(String server, String login, String method, byte[] secret) {

    /** Builds the key, hashing {@code password} with {@code salt}. */
    static CacheKey of(String server, String login, String method, String password, byte[] salt) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(WireText.encode(password)); // the client's bytes: "pw\xFF" is not "pw\xFE"
            sha256.update(salt);
            return new CacheKey(server, login, method, sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CacheKey key && server.equals(key.server) && login.equals(key.login)
                && method.equals(key.method) && MessageDigest.isEqual(secret, key.secret);
    }

    @Override
    public int hashCode() {
        return ((server.hashCode() * 31 + login.hashCode()) * 31 + method.hashCode()) * 31 + Arrays.hashCode(secret);
    }

    @Override
    public String toString() {
        return "CacheKey[server=" + server + ", login=" + WireText.escape(login) + ", method=" + method + ", secret=<redacted>]";
    }
}
