package io.postern.auth.http;

import io.postern.spi.AuthDecision;
import io.postern.spi.Credentials;
import io.postern.spi.Protocol;
import io.postern.spi.SessionAttributes;
import io.postern.spi.UpstreamAddress;
import io.postern.spi.WireText;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns an auth server's answer into a decision, with nginx's rules
 * ({@code ngx_mail_auth_http_process_headers}): an error text wins over {@code WAIT}, which
 * wins over {@code OK}; {@code OK} needs {@code Auth-Server} and {@code Auth-Port}; IMAP and
 * POP3 logins without a clear-text password need {@code Auth-Pass}. Beyond nginx, the
 * {@code Auth-Attr-*} headers of an {@code OK} become the decision's attributes. freenginx's
 * OAuth additions: a bearer token counts as a clear-text password, and an error's
 * {@code Auth-Error-SASL} becomes the rejection's SASL error challenge.
 */
final class AnswerMapper {

    /** {@code [A-Za-z0-9._:-]+}, checked by hand: every accepted login's Auth-Server passes here. */
    static boolean serverAddress(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == ':' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** {@code [0-9]{1,max}}. */
    static boolean digits(String s, int max) {
        if (s.isEmpty() || s.length() > max) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** What to do with an answer. */
    sealed interface Outcome {
    }

    /** The login is decided. */
    record Decided(AuthDecision decision) implements Outcome {
    }

    /** {@code Auth-Status: WAIT}: ask again after {@code delay}, with the same request. */
    record Wait(Duration delay) implements Outcome {
    }

    /** The prefix of the headers that carry attributes of an accepted login. */
    static final String ATTRIBUTE_PREFIX = "Auth-Attr-";

    private AnswerMapper() {
    }

    /**
     * @param server the auth server's URL, for reasons
     */
    static Outcome map(Answer answer, Protocol protocol, Credentials credentials, AuthHttpUrl server) {
        String error = null;
        boolean wait = false;
        boolean ok = false;
        for (Answer.Field field : answer.headers()) {
            if (!field.name().equalsIgnoreCase("Auth-Status")) {
                continue;
            }
            if (field.value().equals("OK")) {
                ok = true;
            } else if (field.value().equals("WAIT")) {
                wait = true;
            } else {
                error = field.value();
            }
        }
        Optional<Long> delay = answer.last("Auth-Wait").filter(v -> digits(v, 9)).map(Long::parseLong);
        if (error != null) {
            // nginx closes the session after an error unless Auth-Wait is above 0.
            Optional<Duration> retry = delay.filter(s -> s > 0).map(Duration::ofSeconds);
            return new Decided(new AuthDecision.Rejected(error, retry, answer.last("Auth-Error-Code"),
                    saslError(answer, credentials)));
        }
        if (wait) {
            return new Wait(Duration.ofSeconds(delay.orElse(0L)));
        }
        if (!ok) {
            return failed(server, "sent no Auth-Status");
        }
        return accepted(answer, protocol, credentials, server);
    }

    private static Outcome accepted(Answer answer, Protocol protocol, Credentials credentials, AuthHttpUrl server) {
        Optional<String> host = answer.last("Auth-Server").filter(s -> !s.isEmpty());
        Optional<String> port = answer.last("Auth-Port").filter(s -> !s.isEmpty());
        if (host.isEmpty() || port.isEmpty()) {
            return failed(server, "did not send server or port");
        }
        String address = host.get().startsWith("[") && host.get().endsWith("]")
                ? host.get().substring(1, host.get().length() - 1) : host.get();
        if (!serverAddress(address)) {
            return failed(server, "sent invalid server address: \"" + WireText.escape(host.get()) + "\"");
        }
        if (!digits(port.get(), 5) || Integer.parseInt(port.get()) < 1 || Integer.parseInt(port.get()) > 65535) {
            return failed(server, "sent invalid server port: \"" + WireText.escape(port.get()) + "\"");
        }
        Optional<String> password = answer.last("Auth-Pass");
        // freenginx: a bearer token is the password of the upstream login unless Auth-Pass replaces it.
        boolean clearText = credentials instanceof Credentials.Plain || credentials instanceof Credentials.Bearer;
        if (password.isEmpty() && !clearText && protocol != Protocol.SMTP) {
            return failed(server, "did not send password");
        }
        return new Decided(new AuthDecision.Accepted(answer.last("Auth-User"), password,
                Optional.of(new UpstreamAddress(address, Integer.parseInt(port.get()))), attributes(answer)));
    }

    /**
     * freenginx's {@code Auth-Error-SASL}: the last one, for XOAUTH2 and OAUTHBEARER logins only
     * (ignored for the others, as freenginx does), sent to the client as is.
     */
    private static Optional<String> saslError(Answer answer, Credentials credentials) {
        if (!(credentials instanceof Credentials.Bearer)) {
            return Optional.empty();
        }
        return answer.last("Auth-Error-SASL");
    }

    /**
     * The {@code Auth-Attr-<Name>: value} headers of an {@code OK} answer as attributes of the
     * decision: the name lower case with {@code -} as {@code _} ({@code Auth-Attr-Group} is
     * {@code group}, {@code Auth-Attr-Upstream-Tls} is {@link SessionAttributes#UPSTREAM_TLS} and
     * {@code Auth-Attr-Proxy-Smtp-Auth-Method} {@link SessionAttributes#PROXY_SMTP_AUTH_METHOD},
     * the attributes the core reads); a repeated header's
     * values joined with commas, in order. nginx ignores these headers, so one auth server can
     * answer both.
     */
    static Map<String, String> attributes(Answer answer) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (Answer.Field field : answer.headers()) {
            if (field.name().length() > ATTRIBUTE_PREFIX.length()
                    && field.name().regionMatches(true, 0, ATTRIBUTE_PREFIX, 0, ATTRIBUTE_PREFIX.length())) {
                String name = field.name().substring(ATTRIBUTE_PREFIX.length()).toLowerCase(Locale.ROOT).replace('-', '_');
                attributes.merge(name, field.value(), (a, b) -> a + "," + b);
            }
        }
        return attributes;
    }

    private static Outcome failed(AuthHttpUrl server, String what) {
        return new Decided(new AuthDecision.Failed("auth http server " + server + " " + what));
    }
}
