package io.postern.sandbox;

import java.util.Objects;

/**
 * One demo user, parsed from a {@code sandbox_users} entry.
 *
 * @param login what the user types to log in, through Postern and to GreenMail alike
 * @param email the user's address in GreenMail, where SMTP delivers its mail
 * @param password the clear-text password; never printed
 */
record SandboxUser(String login, String email, String password) {

    SandboxUser {
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(password, "password");
    }

    /**
     * Parses {@code login:password}. The password is everything after the first colon, so it
     * may contain colons itself; a login never does in practice.
     *
     * @throws IllegalArgumentException naming the entry (without its password) when it is malformed
     */
    static SandboxUser parse(String entry) {
        Objects.requireNonNull(entry, "entry");
        final int colon = entry.indexOf(':');
        if (colon <= 0 || colon == entry.length() - 1) {
            throw new IllegalArgumentException(describeMalformed(entry, colon));
        }
        final String login = entry.substring(0, colon);
        if (!login.strip().equals(login) || login.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException(
                    "sandbox_users: \"" + login + ":…\" (expected: a login without spaces)");
        }
        final String email = login.indexOf('@') >= 0 ? login : login + "@localhost";
        return new SandboxUser(login, email, entry.substring(colon + 1));
    }

    /** The entry as it may appear in an error: an empty password is shown, a real one never. */
    private static String describeMalformed(String entry, int colon) {
        final String shown = colon < 0 ? entry : entry.substring(0, colon + 1) + (colon == entry.length() - 1 ? "" : "…");
        return "sandbox_users: \"" + shown + "\" (expected: login:password)";
    }

    @Override
    public String toString() {
        return "SandboxUser[login=" + login + ", email=" + email + ", password=<redacted>]";
    }
}
