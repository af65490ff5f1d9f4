package io.postern.testing.upstreams;

import java.util.Objects;

/**
 * A mailbox of the real servers: a Dovecot passwd-file user whose mail Postfix accepts at
 * {@link #address()}.
 *
 * @param name the login, also the local part of the address
 * @param password the clear-text password (a test secret)
 */
public record MailUser(String name, String password) {

    /** The mail domain the servers deliver for. */
    public static final String DOMAIN = "localhost";

    public MailUser {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(password, "password");
        if (!name.matches("[a-z0-9._-]+")) {
            throw new IllegalArgumentException("name: " + name + " (expected: [a-z0-9._-]+)");
        }
        if (password.isEmpty() || password.contains(":") || password.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("password: (expected: not empty, no ':' or white space)");
        }
    }

    /** {@code name@localhost}. */
    public String address() {
        return name + "@" + DOMAIN;
    }

    @Override
    public String toString() {
        return "MailUser[" + name + "]";
    }
}
