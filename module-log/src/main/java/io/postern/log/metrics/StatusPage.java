package io.postern.log.metrics;

import io.postern.log.access.Escaping;
import io.postern.log.session.LiveSession;
import io.postern.spi.UpstreamAddress;
import io.postern.spi.WireText;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The live sessions as {@code /status} shows them: an HTML table for people, JSON for
 * scripts. Every value a client chose (the login) is escaped for the format.
 */
final class StatusPage {

    private StatusPage() {
    }

    /** {@code {"sessions":[{"id":…,"client":…,"server":…,"protocol":…,"login":…,"upstream":…,"age":…}]}}. */
    static String json(Collection<LiveSession> sessions, Instant now) {
        StringBuilder out = new StringBuilder(64 + sessions.size() * 160).append("{\"sessions\":[");
        boolean first = true;
        for (LiveSession s : sorted(sessions)) {
            out.append(first ? "" : ",").append('{');
            field(out, "id", s.id()).append(',');
            field(out, "client", address(s.client())).append(',');
            field(out, "server", s.server()).append(',');
            field(out, "protocol", s.protocol().configName()).append(',');
            nullable(out, "login", s.login().orElse(null)).append(',');
            nullable(out, "upstream", s.upstream().map(UpstreamAddress::toString).orElse(null)).append(',');
            field(out, "auth_status", s.authStatus().word()).append(',');
            out.append("\"logged_in\":").append(s.loggedIn()).append(',');
            out.append("\"age\":").append(seconds(s, now)).append('}');
            first = false;
        }
        return out.append("]}").toString();
    }

    static String html(Collection<LiveSession> sessions, Instant now) {
        StringBuilder out = new StringBuilder(512 + sessions.size() * 200);
        out.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Postern status</title>")
                .append("<style>body{font-family:sans-serif}td,th{padding:2px 8px;text-align:left}</style>")
                .append("</head><body>\n<h1>Postern: ").append(sessions.size()).append(" live session")
                .append(sessions.size() == 1 ? "" : "s").append("</h1>\n<table>\n<tr><th>id</th><th>client</th>")
                .append("<th>server</th><th>protocol</th><th>login</th><th>upstream</th><th>auth</th>")
                .append("<th>age (s)</th></tr>\n");
        for (LiveSession s : sorted(sessions)) {
            out.append("<tr>");
            cell(out, s.id());
            cell(out, address(s.client()));
            cell(out, s.server());
            cell(out, s.protocol().configName());
            cell(out, s.login().orElse("-"));
            cell(out, s.upstream().map(UpstreamAddress::toString).orElse("-"));
            cell(out, s.authStatus().word() + (s.loggedIn() ? ", logged in" : ""));
            cell(out, seconds(s, now));
            out.append("</tr>\n");
        }
        return out.append("</table>\n<p>As JSON: <a href=\"/status?format=json\">/status?format=json</a>; ")
                .append("metrics: <a href=\"/metrics\">/metrics</a></p>\n</body></html>\n").toString();
    }

    private static List<LiveSession> sorted(Collection<LiveSession> sessions) {
        return sessions.stream().sorted(Comparator.comparing(LiveSession::startTime).thenComparing(LiveSession::id))
                .toList();
    }

    private static StringBuilder field(StringBuilder out, String name, String value) {
        out.append('"').append(name).append("\":\"");
        Escaping.JSON.append(out, value);
        return out.append('"');
    }

    private static StringBuilder nullable(StringBuilder out, String name, String value) {
        return value == null ? out.append('"').append(name).append("\":null") : field(out, name, value);
    }

    /** One table cell: the value escaped as in the logs ({@link WireText#escape}), then for HTML. */
    private static void cell(StringBuilder out, String value) {
        out.append("<td>");
        String escaped = WireText.escape(value);
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c < 0x20 ? '?' : c);
            }
        }
        out.append("</td>");
    }

    private static String address(InetSocketAddress address) {
        String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    private static String seconds(LiveSession s, Instant now) {
        long millis = s.age(now).toMillis();
        return String.format(Locale.ROOT, "%d.%03d", millis / 1000, millis % 1000);
    }
}
