package io.postern.auth.users;

import io.postern.spi.WireText;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.commons.codec.digest.Sha2Crypt;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * A stored password in one of the Dovecot-style schemes a users file accepts, written
 * {@code {SCHEME}hash}. Every comparison is constant-time; nothing here prints the hash.
 */
public sealed interface PasswordHash {

    /** The schemes understood, as an error message lists them. */
    String SCHEMES = "BLF-CRYPT, BCRYPT, SHA512-CRYPT, SHA256-CRYPT, SSHA256, PLAIN";

    /** The scheme's canonical name, without braces. */
    String scheme();

    /** Whether {@code password} is the one stored. Slow for the crypt schemes: never on an event loop. */
    boolean matches(String password);

    /** The clear-text password, for {@code {PLAIN}} only (CRAM-MD5 and APOP need it). */
    default Optional<String> clearText() {
        return Optional.empty();
    }

    /**
     * The scheme with what sets its cost ({@code BLF-CRYPT cost 10}, {@code SHA512-CRYPT rounds 5000}):
     * two hashes with the same cost take the same time to check. Never contains the hash.
     */
    default String cost() {
        return scheme();
    }

    /** A rough measure of a check's work, to compare the costs of different schemes. */
    long work();

    /**
     * A hash of a random password with this hash's scheme and cost (and salt length), so that
     * checking a password against it takes as long as checking one against this hash.
     */
    PasswordHash dummy(SecureRandom random);

    /**
     * Parses {@code {SCHEME}hash}.
     *
     * @throws IllegalArgumentException with a message that never contains the hash
     */
    static PasswordHash parse(String field) {
        Objects.requireNonNull(field, "field");
        int close = field.indexOf('}');
        if (!field.startsWith("{") || close < 0) {
            throw new IllegalArgumentException("password without {SCHEME}");
        }
        String scheme = field.substring(1, close).toUpperCase(Locale.ROOT);
        String hash = field.substring(close + 1);
        switch (scheme) {
            case "BLF-CRYPT", "BCRYPT":
                return new Bcrypt(hash);
            case "SHA512-CRYPT":
                return new ShaCrypt("SHA512-CRYPT", "$6$", 86, hash);
            case "SHA256-CRYPT":
                return new ShaCrypt("SHA256-CRYPT", "$5$", 43, hash);
            case "SSHA256":
                return Ssha256.parse(hash);
            case "PLAIN":
                return new Plain(hash);
            default:
                throw new IllegalArgumentException("unknown scheme \"{" + field.substring(1, close)
                        + "}\" (expected: one of " + SCHEMES + ")");
        }
    }

    /** {@code length} random characters of crypt's salt alphabet. */
    private static String randomSalt(SecureRandom random, int length) {
        String alphabet = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        StringBuilder salt = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            salt.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return salt.toString();
    }

    /** Constant-time equality of two strings' bytes (the client's, see {@link #bytes}). */
    private static boolean same(String a, String b) {
        return MessageDigest.isEqual(bytes(a), bytes(b));
    }

    /**
     * A password's bytes as the client sent them ({@link WireText#encode}): one that was not
     * valid UTF-8 must not match a stored password where its bad bytes read as {@code ?}.
     */
    private static byte[] bytes(String password) {
        return WireText.encode(password);
    }

    /** {@code {BLF-CRYPT}}: bcrypt, {@code $2a$}, {@code $2b$} or {@code $2y$}. */
    record Bcrypt(String hash) implements PasswordHash {
        private static final Pattern FORM = Pattern.compile("\\$2[aby]\\$(0[4-9]|[12][0-9]|3[01])\\$[./A-Za-z0-9]{53}");

        public Bcrypt {
            if (!FORM.matcher(hash).matches()) {
                throw new IllegalArgumentException("{BLF-CRYPT} value is not a bcrypt hash"
                        + " (expected: $2a$, $2b$ or $2y$, a cost 04-31 and 53 characters)");
            }
        }

        @Override
        public String scheme() {
            return "BLF-CRYPT";
        }

        @Override
        public String cost() {
            return "BLF-CRYPT cost " + rounds();
        }

        @Override
        public long work() {
            return 75L << rounds(); // cost 10 takes about 15 times a 5000-round SHA512-CRYPT
        }

        @Override
        public PasswordHash dummy(SecureRandom random) {
            return new Bcrypt(BCrypt.hashpw(randomSalt(random, 24), BCrypt.gensalt(hash.substring(0, 3), rounds(), random)));
        }

        /** The log2 of the rounds, from {@code $2y$NN$}. */
        private int rounds() {
            return Integer.parseInt(hash.substring(4, 6));
        }

        @Override
        public boolean matches(String password) {
            try {
                return BCrypt.checkpw(bytes(password), hash); // compares without an early return
            } catch (IllegalArgumentException e) {
                return false; // a password bcrypt refuses (over 72 bytes) is not the stored one
            }
        }

        @Override
        public String toString() {
            return "{BLF-CRYPT}<redacted>";
        }
    }

    /** {@code {SHA512-CRYPT}} ({@code $6$}) and {@code {SHA256-CRYPT}} ({@code $5$}), glibc's crypt. */
    record ShaCrypt(String scheme, String prefix, int digestLength, String hash) implements PasswordHash {
        public ShaCrypt {
            Pattern form = Pattern.compile(Pattern.quote(prefix) + "(rounds=[0-9]{1,9}\\$)?[^$:]{0,16}\\$[./A-Za-z0-9]{"
                    + digestLength + "}");
            if (!form.matcher(hash).matches()) {
                throw new IllegalArgumentException("{" + scheme + "} value is not a " + prefix + " crypt hash"
                        + " (expected: " + prefix + "[rounds=N$]salt$" + digestLength + " characters)");
            }
        }

        @Override
        public boolean matches(String password) {
            byte[] key = bytes(password);
            // Sha2Crypt takes the whole stored hash as its salt argument and reads the rounds and
            // salt from it, so the result is comparable with the stored string as it is.
            String computed = prefix.equals("$6$") ? Sha2Crypt.sha512Crypt(key, hash) : Sha2Crypt.sha256Crypt(key, hash);
            return same(computed, hash);
        }

        @Override
        public String cost() {
            return scheme + " rounds " + rounds();
        }

        @Override
        public long work() {
            return rounds();
        }

        @Override
        public PasswordHash dummy(SecureRandom random) {
            String rounds = roundsField().map(r -> "rounds=" + r + "$").orElse("");
            String salt = prefix + rounds + randomSalt(random, Math.max(1, salt().length()));
            byte[] key = bytes(randomSalt(random, 24));
            String hashed = prefix.equals("$6$") ? Sha2Crypt.sha512Crypt(key, salt) : Sha2Crypt.sha256Crypt(key, salt);
            return new ShaCrypt(scheme, prefix, digestLength, hashed);
        }

        /** The rounds: {@code rounds=N$} when given (crypt keeps it within 1000-999999999), else 5000. */
        private long rounds() {
            return roundsField().map(r -> Math.max(1000L, Math.min(999_999_999L, r))).orElse(5000L);
        }

        private Optional<Long> roundsField() {
            String rest = hash.substring(prefix.length());
            if (!rest.startsWith("rounds=")) {
                return Optional.empty();
            }
            return Optional.of(Long.parseLong(rest.substring("rounds=".length(), rest.indexOf('$'))));
        }

        private String salt() {
            String rest = hash.substring(prefix.length());
            if (rest.startsWith("rounds=")) {
                rest = rest.substring(rest.indexOf('$') + 1);
            }
            return rest.substring(0, rest.indexOf('$'));
        }

        @Override
        public String toString() {
            return "{" + scheme + "}<redacted>";
        }
    }

    /** {@code {SSHA256}}: base64 of SHA-256(password + salt) followed by the salt. */
    record Ssha256(byte[] digest, byte[] salt) implements PasswordHash {
        private static final int DIGEST_LENGTH = 32;

        static Ssha256 parse(String value) {
            byte[] decoded;
            try {
                decoded = Base64.getDecoder().decode(value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("{SSHA256} value is not base64");
            }
            if (decoded.length <= DIGEST_LENGTH) {
                throw new IllegalArgumentException("{SSHA256} value too short (expected: 32 bytes of digest and a salt)");
            }
            byte[] digest = java.util.Arrays.copyOf(decoded, DIGEST_LENGTH);
            byte[] salt = java.util.Arrays.copyOfRange(decoded, DIGEST_LENGTH, decoded.length);
            return new Ssha256(digest, salt);
        }

        @Override
        public String scheme() {
            return "SSHA256";
        }

        @Override
        public long work() {
            return 1;
        }

        @Override
        public PasswordHash dummy(SecureRandom random) {
            byte[] otherDigest = new byte[DIGEST_LENGTH];
            byte[] otherSalt = new byte[salt.length];
            random.nextBytes(otherDigest);
            random.nextBytes(otherSalt);
            return new Ssha256(otherDigest, otherSalt);
        }

        @Override
        public boolean matches(String password) {
            try {
                MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
                sha256.update(bytes(password));
                sha256.update(salt);
                return MessageDigest.isEqual(sha256.digest(), digest);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java runtime has SHA-256", e);
            }
        }

        @Override
        public String toString() {
            return "{SSHA256}<redacted>";
        }
    }

    /** {@code {PLAIN}}: the password itself (start-up warns about these). */
    record Plain(String password) implements PasswordHash {
        @Override
        public String scheme() {
            return "PLAIN";
        }

        @Override
        public long work() {
            return 0;
        }

        @Override
        public PasswordHash dummy(SecureRandom random) {
            return new Plain(randomSalt(random, Math.max(1, password.length())));
        }

        @Override
        public boolean matches(String candidate) {
            return same(candidate, password);
        }

        @Override
        public Optional<String> clearText() {
            return Optional.of(password);
        }

        @Override
        public String toString() {
            return "{PLAIN}<redacted>";
        }
    }
}
