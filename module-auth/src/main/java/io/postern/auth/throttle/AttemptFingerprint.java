package io.postern.auth.throttle;

import io.postern.spi.Credentials;
import io.postern.spi.WireText;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A short fingerprint of a clear-text login attempt (its login and password), so that the store
 * can tell a repeated attempt from a new guess (Dovecot's auth penalty keeps a checksum of the
 * two for this). A keyed hash with a secret that lives only in this process's memory: nothing
 * that could be written down or sent anywhere reveals the password, and 64 bits are enough to
 * tell a handful of attempts apart. CRAM-MD5 and APOP digests change with every challenge and
 * have none.
 */
final class AttemptFingerprint {

    private final SecretKeySpec secret;

    AttemptFingerprint(SecureRandom random) {
        byte[] key = new byte[32];
        random.nextBytes(key);
        this.secret = new SecretKeySpec(key, "HmacSHA256");
    }

    /** The fingerprint of {@code credentials}, or {@code ""} when they carry no password. */
    String of(Credentials credentials) {
        if (!(credentials instanceof Credentials.Plain plain)) {
            return "";
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(secret);
            mac.update(WireText.encode(plain.user()));
            mac.update((byte) 0);
            mac.update(WireText.encode(plain.password()));
            return HexFormat.of().formatHex(mac.doFinal(), 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }
}
