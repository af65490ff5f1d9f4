package io.postern.log;

import io.postern.log.metrics.HttpListen;
import io.postern.spi.SessionControl;
import java.util.Objects;

/**
 * The admin endpoint of one configuration ({@code admin_listen}, {@code admin_token}): a reload
 * that keeps both keeps the running endpoint, and one that changes either starts a new one.
 *
 * @param control the core's session control (the same across reloads)
 */
record AdminEndpoint(HttpListen listen, String token, SessionControl control) {

    AdminEndpoint {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(control, "control");
    }

    @Override
    public String toString() {
        return "AdminEndpoint[" + listen + "]"; // never the token
    }
}
