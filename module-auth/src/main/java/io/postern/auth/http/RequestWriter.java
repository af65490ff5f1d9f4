package io.postern.auth.http;

import io.postern.spi.AuthRequest;
import io.postern.spi.Credentials;
import io.postern.spi.SessionInfo;
import io.postern.spi.TlsInfo;
import io.postern.spi.WireText;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes the auth_http request byte for byte as nginx's
 * {@code ngx_mail_auth_http_create_request} does, which is the default. With
 * {@code auth_http_keepalive} the request line says {@code HTTP/1.1} and
 * {@code Connection: keep-alive} follows {@code Host}; with {@code auth_http_extra_headers}
 * {@code Client-Port}, {@code Server-IP} and {@code Server-Port} come before the configured
 * headers, which always end the request as in nginx.
 * The result holds the password: it is sent and dropped, never logged.
 */
final class RequestWriter {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    private RequestWriter() {
    }

    /** The request for {@code request} to {@code url}; call on the session's event loop. */
    static byte[] write(AuthRequest request, AuthHttpUrl url, AuthHttpSettings settings) {
        SessionInfo session = request.session();
        Credentials credentials = request.credentials();
        Out out = new Out();
        out.text("GET ").text(url.uri()).text(settings.keepalive() > 0 ? " HTTP/1.1\r\n" : " HTTP/1.0\r\n");
        out.header("Host", url.hostHeader());
        if (settings.keepalive() > 0) {
            out.header("Connection", "keep-alive");
        }
        out.header("Auth-Method", credentials.method());
        out.text("Auth-User: ").escaped(credentials.user()).crlf();
        out.text("Auth-Pass: ").escaped(secret(credentials)).crlf();
        salt(credentials, out);
        out.header("Auth-Protocol", session.protocol().configName());
        out.header("Auth-Login-Attempt", Integer.toString(request.attempt()));
        out.header("Client-IP", ip(session.clientAddress()));
        // SMTP only, as nginx: the resolver's name or its word for none, escaped like Auth-User
        // (nginx 1.31, CVE-2026-28753), although a name never holds what the escape changes.
        session.clientHost().ifPresent(host -> out.text("Client-Host: ").escaped(host.text()).crlf());
        session.proxied().ifPresent(proxied -> {
            // nginx 1.19.8: on proxy_protocol listeners, the header's addresses, trusted or not.
            out.header("Proxy-Protocol-Addr", ip(proxied.source()));
            out.header("Proxy-Protocol-Port", Integer.toString(proxied.source().getPort()));
            out.header("Proxy-Protocol-Server-Addr", ip(proxied.destination()));
            out.header("Proxy-Protocol-Server-Port", Integer.toString(proxied.destination().getPort()));
        });
        if (credentials instanceof Credentials.None none) {
            out.header("Auth-SMTP-Helo", noCrLf(none.helo()));
            out.header("Auth-SMTP-From", noCrLf(none.mailFrom()));
            out.header("Auth-SMTP-To", noCrLf(none.rcptTo()));
        }
        session.tls().ifPresent(tls -> tlsHeaders(tls, settings.passClientCert(), out));
        if (settings.extraHeaders()) {
            out.header("Client-Port", Integer.toString(session.clientAddress().getPort()));
            out.header("Server-IP", ip(session.localAddress()));
            out.header("Server-Port", Integer.toString(session.localAddress().getPort()));
        }
        // nginx ends its request with auth_http_header's lines; so does Postern, whatever it adds.
        for (AuthHttpSettings.Header header : settings.headers()) {
            out.header(header.name(), header.value());
        }
        return out.crlf().toByteArray();
    }

    /**
     * nginx's {@code Auth-SSL*} headers for a TLS session (implicit or after STARTTLS): the
     * certificate's details only when the server asks for client certificates, the
     * certificate itself (escaped like Auth-Pass) only with {@code auth_http_pass_client_cert}.
     */
    private static void tlsHeaders(TlsInfo tls, boolean passClientCert, Out out) {
        out.header("Auth-SSL", "on");
        out.header("Auth-SSL-Protocol", noCrLf(tls.protocol()));
        out.header("Auth-SSL-Cipher", noCrLf(tls.cipher()));
        if (tls.verifyResult().isEmpty()) {
            return;
        }
        out.header("Auth-SSL-Verify", noCrLf(tls.verifyResult().get()));
        tls.clientCertificate().ifPresent(cert -> {
            nonEmpty(out, "Auth-SSL-Subject", cert.subject());
            nonEmpty(out, "Auth-SSL-Issuer", cert.issuer());
            nonEmpty(out, "Auth-SSL-Serial", cert.serial());
            nonEmpty(out, "Auth-SSL-Fingerprint", cert.fingerprint());
            if (passClientCert) {
                out.text("Auth-SSL-Cert: ").escaped(cert.pem()).crlf();
            }
        });
    }

    private static void nonEmpty(Out out, String name, String value) {
        if (!value.isEmpty()) {
            out.header(name, noCrLf(value));
        }
    }

    /** What nginx sends as {@code Auth-Pass}: the password, the digest, the bearer token (freenginx), or nothing. */
    private static String secret(Credentials credentials) {
        if (credentials instanceof Credentials.Plain plain) {
            return plain.password();
        } else if (credentials instanceof Credentials.Bearer bearer) {
            return bearer.token();
        } else if (credentials instanceof Credentials.CramMd5 cram) {
            return cram.digest();
        } else if (credentials instanceof Credentials.Apop apop) {
            return apop.digest();
        }
        return "";
    }

    private static void salt(Credentials credentials, Out out) {
        if (credentials instanceof Credentials.CramMd5 cram) {
            out.header("Auth-Salt", cram.salt());
        } else if (credentials instanceof Credentials.Apop apop) {
            out.header("Auth-Salt", apop.salt());
        }
    }

    /**
     * nginx writes the SMTP envelope raw because its parser never lets CR or LF through; the
     * check here keeps a future caller from injecting a header all the same.
     */
    private static String noCrLf(String value) {
        return value.replace("\r", "%0D").replace("\n", "%0A");
    }

    /** The address as nginx's {@code addr_text} prints it. */
    static String ip(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        if (ip == null) {
            return address.getHostString();
        }
        byte[] b = ip.getAddress();
        return b.length == 16 ? inet6(b) : ip.getHostAddress();
    }

    /** nginx's {@code ngx_inet6_ntop}: the longest run of two or more zero groups as "::". */
    static String inet6(byte[] p) {
        int zero = -1;
        int last = -1;
        int max = 1;
        int n = 0;
        for (int i = 0; i < 16; i += 2) {
            if (p[i] != 0 || p[i + 1] != 0) {
                if (max < n) {
                    zero = last;
                    max = n;
                }
                n = 0;
                continue;
            }
            if (n++ == 0) {
                last = i;
            }
        }
        if (max < n) {
            zero = last;
            max = n;
        }
        StringBuilder sb = new StringBuilder(40);
        int end = 16;
        if (zero == 0) {
            if ((max == 5 && (p[10] & 0xff) == 0xff && (p[11] & 0xff) == 0xff) || max == 6
                    || (max == 7 && p[14] != 0 && p[15] != 1)) {
                end = 12;
            }
            sb.append(':');
        }
        for (int i = 0; i < end; i += 2) {
            if (i == zero) {
                sb.append(':');
                i += (max - 1) * 2;
                continue;
            }
            sb.append(Integer.toHexString((p[i] & 0xff) << 8 | (p[i + 1] & 0xff)));
            if (i < 14) {
                sb.append(':');
            }
        }
        if (end == 12) {
            sb.append(p[12] & 0xff).append('.').append(p[13] & 0xff).append('.')
                    .append(p[14] & 0xff).append('.').append(p[15] & 0xff);
        }
        return sb.toString();
    }

    /** The request being written: a growing byte array, without {@code ByteArrayOutputStream}'s locking. */
    private static final class Out {

        private byte[] buf = new byte[512];
        private int size;

        /** {@code s} as the bytes it came as ({@link WireText#encode}: UTF-8, escaped bytes as they were). */
        Out text(String s) {
            if (!ascii(s)) {
                bytes(WireText.encode(s));
                return this;
            }
            room(s.length());
            for (int i = 0; i < s.length(); i++) {
                buf[size++] = (byte) s.charAt(i);
            }
            return this;
        }

        Out crlf() {
            room(2);
            buf[size++] = '\r';
            buf[size++] = '\n';
            return this;
        }

        Out header(String name, String value) {
            return text(name).text(": ").text(value).crlf();
        }

        /**
         * nginx's {@code NGX_ESCAPE_MAIL_AUTH} over the client's bytes: space, '%' and bytes
         * below 0x20 as %XX, every other byte (0x80 and above too) as it is. The bytes are
         * {@link WireText#encode}'s, so a login that was not valid UTF-8 reaches the auth server
         * exactly as the client sent it, never replaced.
         */
        Out escaped(String s) {
            if (!ascii(s)) {
                for (byte b : WireText.encode(s)) {
                    escaped(b & 0xff);
                }
                return this;
            }
            for (int i = 0; i < s.length(); i++) {
                escaped(s.charAt(i));
            }
            return this;
        }

        private void escaped(int c) {
            room(3);
            if (c == ' ' || c == '%' || c < 0x20) {
                buf[size++] = '%';
                buf[size++] = HEX[c >> 4];
                buf[size++] = HEX[c & 0xf];
            } else {
                buf[size++] = (byte) c;
            }
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, size);
        }

        private void bytes(byte[] b) {
            room(b.length);
            System.arraycopy(b, 0, buf, size, b.length);
            size += b.length;
        }

        private void room(int n) {
            if (size + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
            }
        }

        /** ASCII only: its bytes are its chars (an escaped byte is a surrogate, never ASCII). */
        private static boolean ascii(String s) {
            for (int i = 0; i < s.length(); i++) {
                if (s.charAt(i) >= 0x80) {
                    return false;
                }
            }
            return true;
        }
    }
}
