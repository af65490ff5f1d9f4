package io.postern.auth.users;

import io.postern.spi.UpstreamAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of a users file.
 *
 * @param login the login the client gives
 * @param password the stored password
 * @param upstream the server holding the mailbox, or empty to leave the choice to {@code proxy_pass}
 * @param upstreamLogin the login to present to the upstream, when it differs
 * @param line the line number, for messages
 */
public record UserEntry(String login, PasswordHash password, Optional<UpstreamAddress> upstream,
                        Optional<String> upstreamLogin, int line) {
    public UserEntry {
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(upstreamLogin, "upstreamLogin");
    }

    @Override
    public String toString() {
        return "UserEntry[login=" + login + ", password={" + password.scheme() + "}<redacted>, upstream="
                + upstream.map(UpstreamAddress::toString).orElse("-") + ", upstreamLogin="
                + upstreamLogin.orElse("-") + ", line=" + line + "]";
    }
}
