package io.postern.tls;

import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.internal.tcnative.SSL;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
     * A connection's options in OpenSSL's terms: {@code ssl_session_tickets off} (SSL_OP_NO_TICKET)
     * and {@code ssl_prefer_server_ciphers} (SSL_OP_CIPHER_SERVER_PREFERENCE, which Netty's
     * contexts set unless told otherwise; nginx's default is off). On the connection's SSL,
     * because Netty hands out that, not the context's own structure that tcnative's
     * SSLContext.setOptions wants.
     */
    static void serverOptions(ReferenceCountedOpenSslEngine engine, boolean noTickets, boolean preferServerCiphers) {
        long ssl = engine.sslPointer();
        if (noTickets) {
            SSL.setOptions(ssl, SSL.SSL_OP_NO_TICKET);
        }
        if (preferServerCiphers) {
            SSL.setOptions(ssl, SSL.SSL_OP_CIPHER_SERVER_PREFERENCE);
        } else {
            SSL.clearOptions(ssl, SSL.SSL_OP_CIPHER_SERVER_PREFERENCE);
        }
    }
}
