package io.postern.tls;

import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.internal.tcnative.SSL;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLEngine;

/** What the OpenSSL provider needs said in its own terms: group names, tickets off. */
final class OpenSslTls {

    /** ssl_ecdh_curve's names (OpenSSL's and NIST's) as BoringSSL knows them. */
    private static final Map<String, String> GROUPS = Map.of("x25519", "X25519", "prime256v1", "P-256",
            "secp256r1", "P-256", "p-256", "P-256", "secp384r1", "P-384", "p-384", "P-384", "secp521r1", "P-521",
            "p-521", "P-521");

    private OpenSslTls() {
    }

    /** {@code X25519:prime256v1} as BoringSSL's names, in order, once each ({@link ProviderChoice} checked them). */
    static String[] groups(String written) {
        List<String> out = new ArrayList<>();
        for (String name : written.split(":")) {
            String group = GROUPS.get(name.toLowerCase(Locale.ROOT));
            if (group != null && !out.contains(group)) {
                out.add(group);
            }
        }
        return out.toArray(new String[0]);
    }

    /**
     * {@code ssl_session_tickets off}: OpenSSL's SSL_OP_NO_TICKET on one connection (Netty
     * hands out the connection's SSL, not the context's own structure that tcnative's
     * SSLContext.setOptions wants).
     */
    static void noTickets(SSLEngine engine) {
        if (engine instanceof ReferenceCountedOpenSslEngine openSsl) {
            SSL.setOptions(openSsl.sslPointer(), SSL.SSL_OP_NO_TICKET);
        }
    }
}
