package io.postern.bench.target;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * The addresses a proxy target is given: where it listens for IMAP, implicit-TLS IMAP, POP3
 * and SMTP (free loopback ports, standing in for the upstreams' own to the clients), and the
 * auth_http server it asks, which names the real upstream of each login. A proxy's
 * configuration is made from these and the run's {@link TlsFiles} alone, so that Postern and
 * nginx are configured alike.
 */
public record UpstreamPorts(InetSocketAddress imap, InetSocketAddress imaps, InetSocketAddress pop3,
                            InetSocketAddress smtp, InetSocketAddress authHttp) {

    public UpstreamPorts {
        Objects.requireNonNull(imap, "imap");
        Objects.requireNonNull(imaps, "imaps");
        Objects.requireNonNull(pop3, "pop3");
        Objects.requireNonNull(smtp, "smtp");
        Objects.requireNonNull(authHttp, "authHttp");
    }

    /** {@code 127.0.0.1:9000/auth}: the auth_http directive's value in nginx's form, which Postern also takes. */
    public String authHttpUrl() {
        return hostPort(authHttp) + "/auth";
    }

    static String hostPort(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
