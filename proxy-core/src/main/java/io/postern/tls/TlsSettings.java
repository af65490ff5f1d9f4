package io.postern.tls;

import java.util.Objects;
import java.util.Optional;

/**
 * A server block's TLS, both legs, built at start-up.
 *
 * @param starttls {@code starttls}
 * @param server the client side, present when a listener has {@code ssl} or starttls is not off
 * @param upstream the upstream side (always built: an auth decision may ask for TLS)
 */
public record TlsSettings(StartTlsMode starttls, Optional<ServerTls> server, UpstreamTls upstream) {

    public TlsSettings {
        Objects.requireNonNull(starttls, "starttls");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(upstream, "upstream");
    }

    /** Whether STARTTLS (STLS) may be offered on a connection that is not yet encrypted. */
    public boolean offersStartTls() {
        return starttls != StartTlsMode.OFF && server.isPresent();
    }
}
