package io.postern.nginx;

import io.postern.nginx.NginxDirective.Status;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every directive of nginx 1.31's mail modules (and the freenginx mail series Postern
 * follows), with what it becomes in Postern: the one table the converter reads and
 * {@code docs/migrating-from-nginx.md} documents (a test holds the two equal).
 */
public final class NginxDirectives {

    private static final String CORE = "ngx_mail_core_module";
    private static final String AUTH_HTTP = "ngx_mail_auth_http_module";
    private static final String PROXY = "ngx_mail_proxy_module";
    private static final String REALIP = "ngx_mail_realip_module";
    private static final String SSL = "ngx_mail_ssl_module";
    private static final String IMAP = "ngx_mail_imap_module";
    private static final String POP3 = "ngx_mail_pop3_module";
    private static final String SMTP = "ngx_mail_smtp_module";

    private static final Map<String, NginxDirective> TABLE = table();

    /** nginx's other top-level blocks, ignored by the converter with one warning each. */
    static final List<String> OTHER_BLOCKS = List.of("events", "http", "stream");

    private NginxDirectives() {
    }

    /** The directives in the order of the migration page: by module, then as nginx declares them. */
    public static List<NginxDirective> all() {
        return List.copyOf(TABLE.values());
    }

    /** The entry for nginx's directive {@code name}, if it is one of the mail modules'. */
    public static Optional<NginxDirective> find(String name) {
        return Optional.ofNullable(TABLE.get(name));
    }

    /**
     * How nginx's {@code name args;} is written in Postern's HOCON, for messages that show an
     * nginx admin the new form: {@code max_errors = 3}, {@code imap_auth = [plain, login]},
     * {@code listen = "127.0.0.1:143 ssl"}.
     */
    public static String asHocon(String name, List<String> args) {
        NginxDirective d = TABLE.get(name);
        String key = d != null && !d.postern().isEmpty() ? d.postern().get(0) : name;
        ValueForm form = d != null ? d.form() : args.size() == 1 ? ValueForm.WORD : ValueForm.WORDS;
        if (args.isEmpty() || !form.accepts(args.size())) {
            form = ValueForm.WORDS;
        }
        return switch (form) {
            case LISTEN, LINE -> key + " = " + HoconBlock.quoted(String.join(" ", args));
            case WORDS, BLOCK -> key + " = [" + String.join(", ", args.stream().map(HoconBlock::string).toList()) + "]";
            case HEADER -> key + " { " + HoconBlock.quoted(args.get(0)) + " = " + HoconBlock.quoted(args.get(1)) + " }";
            case PATH -> key + " = " + HoconBlock.quoted(args.get(0));
            default -> key + " = " + HoconBlock.string(args.get(0));
        };
    }

    private static Map<String, NginxDirective> table() {
        List<NginxDirective> d = new ArrayList<>();
        d.add(converted("mail", CORE, ValueForm.BLOCK, false, false, List.of("mail"),
                "a `mail { }` block; `servers` and `upstreams` are Postern's blocks inside it"));
        d.add(converted("server", CORE, ValueForm.BLOCK, false, true, List.of("servers"),
                "each server is a named block under `mail.servers` (HOCON merges repeated keys, so servers need names)"));
        d.add(converted("listen", CORE, ValueForm.LISTEN, true, true, List.of("listen"),
                "nginx's arguments in one string, several as a list; `ssl`, `proxy_protocol`, `bind`, `backlog=`, "
                        + "`rcvbuf=`, `sndbuf=`, `ipv6only=`, `so_keepalive=` (`on`, `off`, `idle:intvl:cnt`); "
                        + "`multipath` and `unix:` sockets are not supported"));
        d.add(same("protocol", CORE, ValueForm.WORD, true, "inferred from the first listen port when absent, as nginx does"));
        d.add(supported("timeout", CORE, ValueForm.TIME, List.of("timeout", "proxy_connect_timeout"),
                "also written as `proxy_connect_timeout`: nginx's `timeout` covers connecting to the upstream, "
                        + "Postern has a directive of its own for it"));
        d.add(same("server_name", CORE, ValueForm.WORD, false, "the machine's host name by default, as in nginx"));
        d.add(converted("error_log", CORE, ValueForm.LINE, false, true, List.of("error_log"),
                "in the mail and server blocks, nginx's arguments in one string, several as a list "
                        + "(`error_log = \"logs/mail.log info\"`): each server's session lines, at that level, beside "
                        + "`conf/logback.xml`'s files; a file or `stderr`, relative names against Postern's prefix; "
                        + "`syslog:` and `memory:` are not supported (Logback can send to syslog); the main level's "
                        + "`error_log` is a process directive, set in `conf/logback.xml`"));
        d.add(same("resolver", CORE, ValueForm.WORDS, false, "SMTP only, as in nginx: the client's checked PTR name "
                + "for `Client-Host` and XCLIENT `NAME=`. Name server IP addresses with an optional port, `valid=`, "
                + "`ipv4=`, `ipv6=`; `status_zone=` is ignored; host names as name servers are refused"));
        d.add(same("resolver_timeout", CORE, ValueForm.TIME, false, "30s by default, as in nginx, for each lookup"));
        d.add(same("max_errors", CORE, ValueForm.NUMBER, false, "5 by default, as in nginx; only lines nginx's parser "
                + "cannot read count, as in nginx"));
        d.add(same("max_commands", CORE, ValueForm.NUMBER, false, "1000 by default, as in nginx 1.31: the command past "
                + "it gets the invalid-command answer, then the connection closes"));

        d.add(supported("auth_http", AUTH_HTTP, ValueForm.WORD, List.of("auth_http"),
                "module-auth's; it also takes `https://` and a list for failover. The request is nginx's by "
                        + "default (HTTP/1.0, a connection each, no extra headers); `auth_http_keepalive` and "
                        + "`auth_http_extra_headers` are Postern's opt-in additions"));
        d.add(same("auth_http_timeout", AUTH_HTTP, ValueForm.TIME, false, "module-auth's"));
        d.add(new NginxDirective("auth_http_header", AUTH_HTTP, Status.CONVERTED, ValueForm.HEADER, false, true,
                List.of("auth_http_header"), "module-auth's; collected into a block: `auth_http_header { X-Auth-Key = \"s3cr3t\" }`"));
        d.add(same("auth_http_pass_client_cert", AUTH_HTTP, ValueForm.FLAG, false, "module-auth's"));

        d.add(same("proxy", PROXY, ValueForm.FLAG, false, "accepted and ignored, as nginx ignores it"));
        d.add(same("proxy_buffer", PROXY, ValueForm.SIZE, false, "any size, as nginx: the longest upstream line "
                + "during the login"));
        d.add(same("proxy_timeout", PROXY, ValueForm.TIME, false, "traffic in either direction keeps a session up "
                + "(nginx counts only the client's)"));
        d.add(same("proxy_pass_error_message", PROXY, ValueForm.FLAG, false, "off by default, as in nginx"));
        d.add(same("xclient", PROXY, ValueForm.FLAG, false, "`on` sends XCLIENT whenever the upstream is SMTP, as "
                + "nginx, and an upstream that refuses it fails the login; `offered` (Postern's) sends it only when "
                + "the upstream's EHLO offers it"));
        d.add(same("proxy_smtp_auth", PROXY, ValueForm.FLAG, false, "`AUTH PLAIN`, as nginx; "
                + "`proxy_smtp_auth_method = login`, `xoauth2` or `oauthbearer` are Postern's additions"));
        d.add(same("proxy_protocol", PROXY, ValueForm.WORD, false, "`off`, `on` (v1) or `v2`"));

        d.add(new NginxDirective("set_real_ip_from", REALIP, Status.CONVERTED, ValueForm.WORDS, false, true,
                List.of("set_real_ip_from"), "several become one list; `unix:` is not supported"));

        d.add(same("starttls", SSL, ValueForm.WORD, false, "`off`, `on`, `only`, with nginx's answers and capabilities"));
        d.add(new NginxDirective("ssl_certificate", SSL, Status.CONVERTED, ValueForm.PATH, false, true,
                List.of("ssl_certificate"), "several become one list, paired by position with `ssl_certificate_key`; "
                        + "relative paths are made absolute against nginx's conf directory"));
        d.add(new NginxDirective("ssl_certificate_key", SSL, Status.CONVERTED, ValueForm.PATH, false, true,
                List.of("ssl_certificate_key"), "as `ssl_certificate`; keys must be PKCS#8 "
                        + "(`openssl pkcs8 -topk8` converts a `BEGIN RSA PRIVATE KEY` file)"));
        d.add(same("ssl_password_file", SSL, ValueForm.PATH, false, "for encrypted PKCS#8 keys"));
        d.add(unsupported("ssl_certificate_compression", SSL, false, "the JDK has no certificate compression"));
        d.add(same("ssl_dhparam", SSL, ValueForm.PATH, false, "for the whole process (the JDK's "
                + "`jdk.tls.server.defaultDHEParameters`): every server with TLS must name the same file, a change "
                + "needs a restart; used by TLS 1.2's DHE suites with clients that offer no RFC 7919 group"));
        d.add(same("ssl_ecdh_curve", SSL, ValueForm.WORD, false, "for the whole process (Java 17's "
                + "`jdk.tls.namedGroups`): every server with TLS must say the same, a change needs a restart; "
                + "the groups the JDK has (X25519, X448, prime256v1, secp384r1, secp521r1, ffdhe*)"));
        d.add(same("ssl_protocols", SSL, ValueForm.WORDS, false, "`SSLv2` and `SSLv3` are dropped (the JDK has neither)"));
        d.add(same("ssl_ciphers", SSL, ValueForm.WORD, false, "only what the JDK can honour: `HIGH`, `DEFAULT`, "
                + "`ALL`, harmless exclusions and single suites; anything else fails `postern -t`"));
        d.add(same("ssl_prefer_server_ciphers", SSL, ValueForm.FLAG, false, "off by default, as in nginx"));
        d.add(same("ssl_session_cache", SSL, ValueForm.WORDS, false, "sized in sessions for the JDK's per-server cache"));
        d.add(same("ssl_session_tickets", SSL, ValueForm.FLAG, false, "the JDK switches tickets for the whole "
                + "process: `off` in any server with TLS turns them off for all; a change needs a restart"));
        d.add(unsupported("ssl_session_ticket_key", SSL, true, "the JDK makes and rotates its own ticket keys and "
                + "cannot read them from a file (`postern -t` refuses it)"));
        d.add(same("ssl_session_timeout", SSL, ValueForm.TIME, false, "5m by default, as in nginx"));
        d.add(same("ssl_verify_client", SSL, ValueForm.WORD, false, "`optional_no_ca` never ends the session: the "
                + "auth phase decides on `Auth-SSL-Verify`"));
        d.add(same("ssl_verify_depth", SSL, ValueForm.NUMBER, false, "counts the certificates the client sends above "
                + "its own"));
        d.add(same("ssl_client_certificate", SSL, ValueForm.PATH, false, "made absolute against nginx's conf directory"));
        d.add(unsupported("ssl_trusted_certificate", SSL, false, "client certificates are checked against "
                + "`ssl_client_certificate` only; put the extra CAs there"));
        d.add(same("ssl_crl", SSL, ValueForm.PATH, false, "PEM lists; every certificate of a client's chain is "
                + "checked, as nginx does; no OCSP, no fetching"));
        d.add(new NginxDirective("ssl_conf_command", SSL, Status.CONVERTED, ValueForm.HEADER, false, true,
                List.of("ssl_conf_command"), "collected into a block: `ssl_conf_command { Ciphersuites = "
                        + "\"TLS_AES_256_GCM_SHA384\" }`; the JDK honours `Ciphersuites`, `MinProtocol`, `MaxProtocol`, "
                        + "`Options [-]ServerPreference` per server and `Groups`, `Curves`, `Options [-]SessionTicket` "
                        + "for the whole process; the converter drops any other command with a warning"));
        d.add(unsupported("ssl", SSL, false, "removed in nginx 1.25.1: write `ssl` on the listen instead"));

        d.add(same("imap_client_buffer", IMAP, ValueForm.SIZE, false, "any size, as nginx: a longer command before "
                + "login gets nginx's answer and a close; after login (framed sessions only) at least 1k"));
        d.add(same("imap_capabilities", IMAP, ValueForm.WORDS, false, "a list"));
        d.add(same("imap_auth", IMAP, ValueForm.WORDS, false, "a list; only the methods listed are accepted "
                + "(nginx also takes PLAIN and LOGIN when not listed); freenginx's `xoauth2` and `oauthbearer` too"));

        d.add(same("pop3_capabilities", POP3, ValueForm.WORDS, false, "a list"));
        d.add(same("pop3_auth", POP3, ValueForm.WORDS, false, "a list; freenginx's `xoauth2` and `oauthbearer` too"));
        d.add(same("pop3_client_buffer", POP3, ValueForm.SIZE, false, "freenginx's (nginx's POP3 line is a fixed "
                + "128 bytes); Postern's default is 4k"));

        d.add(same("smtp_client_buffer", SMTP, ValueForm.SIZE, false, "any size, as `imap_client_buffer`"));
        d.add(same("smtp_greeting_delay", SMTP, ValueForm.TIME, false, "early talkers get nginx's `503 5.5.0`"));
        d.add(same("smtp_capabilities", SMTP, ValueForm.WORDS, false, "one list entry per EHLO line"));
        d.add(same("smtp_auth", SMTP, ValueForm.WORDS, false, "a list, `none` included; freenginx's `xoauth2` and "
                + "`oauthbearer` too"));

        Map<String, NginxDirective> out = new LinkedHashMap<>();
        for (NginxDirective directive : d) {
            if (out.put(directive.name(), directive) != null) {
                throw new IllegalStateException("duplicate entry " + directive.name());
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private static NginxDirective same(String name, String module, ValueForm form, boolean serverOnly, String note) {
        return new NginxDirective(name, module, Status.SUPPORTED, form, serverOnly, false, List.of(name), note);
    }

    private static NginxDirective supported(String name, String module, ValueForm form, List<String> postern, String note) {
        return new NginxDirective(name, module, Status.SUPPORTED, form, false, false, postern, note);
    }

    private static NginxDirective converted(String name, String module, ValueForm form, boolean serverOnly,
            boolean repeatable, List<String> postern, String note) {
        return new NginxDirective(name, module, Status.CONVERTED, form, serverOnly, repeatable, postern, note);
    }

    private static NginxDirective unsupported(String name, String module, boolean repeatable, String why) {
        return new NginxDirective(name, module, Status.UNSUPPORTED, ValueForm.WORDS, false, repeatable, List.of(), why);
    }
}
