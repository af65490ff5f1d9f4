package io.postern.imap;

import io.postern.engine.Session;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code ID} command Postern sends an IMAP upstream before the login when
 * {@code proxy_imap_id} is on (RFC 2971, with Dovecot's login-proxy fields): the client's real
 * address and port, the address it connected to, the session id and a loop-preventing TTL,
 * then the fields of the client's own {@code ID}. A client's own {@code x-} fields are never
 * forwarded: they would let it claim another address.
 */
final class ImapIdForwarding {

    /** The tag of Postern's own ID; it never meets the client's tags, which come after it. */
    static final String TAG = "postern-id";

    /** Dovecot's default {@code x-proxy-ttl}: how many proxies a login may still pass. */
    static final int PROXY_TTL = 5;

    /** RFC 2971: at most 30 field-value pairs, fields of at most 30 octets, values of 1024. */
    private static final int MAX_PAIRS = 30;
    private static final int MAX_FIELD = 30;
    private static final int MAX_VALUE = 1024;

    private ImapIdForwarding() {
    }

    /** {@code postern-id ID ("x-originating-ip" "…" … <the client's fields>)}, without CRLF. */
    static String line(Session session, List<ImapValue> clientFields) {
        InetSocketAddress client = session.clientAddress();
        InetSocketAddress local = session.localAddress();
        List<String> pairs = new ArrayList<>();
        add(pairs, "x-originating-ip", client.getAddress().getHostAddress());
        add(pairs, "x-originating-port", Integer.toString(client.getPort()));
        add(pairs, "x-connected-ip", local.getAddress().getHostAddress());
        add(pairs, "x-connected-port", Integer.toString(local.getPort()));
        add(pairs, "x-session-id", session.id());
        add(pairs, "x-proxy-ttl", Integer.toString(PROXY_TTL));
        for (int i = 0; i + 1 < clientFields.size() && pairs.size() < 2 * MAX_PAIRS; i += 2) {
            String field = clientFields.get(i).text();
            ImapValue value = clientFields.get(i + 1);
            if (forwardableField(field) && (isNil(value) || safe(value.text()) && value.text().length() <= MAX_VALUE)) {
                pairs.add(quote(field));
                pairs.add(isNil(value) ? "NIL" : quote(value.text()));
            }
        }
        return TAG + " ID (" + String.join(" ", pairs) + ")";
    }

    private static void add(List<String> pairs, String field, String value) {
        pairs.add(quote(field));
        pairs.add(quote(value));
    }

    /** A field of the client's own that is not one of the proxy's {@code x-} fields. */
    private static boolean forwardableField(String field) {
        return field.length() <= MAX_FIELD && safe(field) && !field.toLowerCase(Locale.ROOT).startsWith("x-");
    }

    /** Quoted strings cannot carry CR, LF or NUL (RFC 3501 9). */
    private static boolean safe(String text) {
        return text.chars().noneMatch(c -> c == '\r' || c == '\n' || c == 0);
    }

    private static boolean isNil(ImapValue value) {
        return value instanceof ImapValue.Atom atom && atom.text().equalsIgnoreCase("NIL");
    }

    /** An IMAP quoted string: {@code "} and {@code \} escaped. */
    static String quote(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
