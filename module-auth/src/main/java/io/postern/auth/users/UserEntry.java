package io.postern.auth.users;

import io.postern.spi.UpstreamAddress;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of a users file.
 *
 * @param login the login the client gives
 * @param password the stored password
 * @param upstream the server holding the mailbox, or empty to leave the choice to {@code proxy_pass}
 * @param upstreamLogin the login to present to the upstream, when it differs
 * @param attributes the line's extra fields ({@code group=staff,readonly}), the accepted
 *     login's attributes
 * @param line the line number, for messages
 */
public record UserEntry(String login, PasswordHash password, Optional<UpstreamAddress> upstream,
                        Optional<String> upstreamLogin, Map<String, String> attributes, int line) {
    public UserEntry {
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(upstreamLogin, "upstreamLogin");
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** A line without extra fields. */
    public UserEntry(String login, PasswordHash password, Optional<UpstreamAddress> upstream,
                     Optional<String> upstreamLogin, int line) {
        this(login, password, upstream, upstreamLogin, Map.of(), line);
    }

    @Override
    public String toString() {
        return "UserEntry[login=" + login + ", password={" + password.scheme() + "}<redacted>, upstream="
                + upstream.map(UpstreamAddress::toString).orElse("-") + ", upstreamLogin="
                + upstreamLogin.orElse("-") + ", attributes=" + attributes + ", line=" + line + "]";
    }
}
