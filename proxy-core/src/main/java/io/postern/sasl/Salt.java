package io.postern.sasl;

import java.time.Clock;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The salt of CRAM-MD5 challenges and POP3 APOP greetings, in nginx's form
 * {@code <random.epochSeconds@server_name>} (nginx's {@code ngx_mail_salt}, {@code <%ul.%T@%V>}).
 */
public final class Salt {

    private Salt() {
    }

    /**
     * Generates a salt from the current time.
     *
     * @param serverName the server name; printable ASCII without spaces or angle brackets
     * @param random the random source; a {@link java.security.SecureRandom} in production
     */
    public static String generate(String serverName, RandomGenerator random) {
        return generate(serverName, random, Clock.systemUTC());
    }

    /** Generates a salt with the time read from {@code clock}. */
    public static String generate(String serverName, RandomGenerator random, Clock clock) {
        Objects.requireNonNull(serverName, "serverName");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(clock, "clock");
        checkServerName(serverName);
        long number = random.nextLong() & Long.MAX_VALUE;
        return "<" + number + "." + clock.instant().getEpochSecond() + "@" + serverName + ">";
    }

    private static void checkServerName(String serverName) {
        boolean valid = !serverName.isEmpty();
        for (int i = 0; valid && i < serverName.length(); i++) {
            char c = serverName.charAt(i);
            valid = c > 0x20 && c < 0x7F && c != '<' && c != '>';
        }
        if (!valid) {
            throw new IllegalArgumentException("serverName: \"" + serverName.replaceAll("[^\\x21-\\x7e]", "?")
                    + "\" (expected: printable ASCII without spaces, '<' or '>')");
        }
    }
}
