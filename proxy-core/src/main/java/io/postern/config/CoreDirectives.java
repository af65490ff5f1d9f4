package io.postern.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.postern.dns.ResolverSettings;
import io.postern.limits.AccessRule;
import io.postern.limits.ConnectionRate;
import io.postern.spi.Directive;
import io.postern.spi.DirectiveType;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** The directives the core owns (nginx's ngx_mail_core, proxy and imap modules) and their defaults. */
public final class CoreDirectives {

    /** The owner name of the core's directives. */
    public static final String OWNER = "core";

    public static final String SERVER_NAME = "server_name";
    public static final String PROTOCOL = "protocol";
    public static final String LISTEN = "listen";
    public static final String TIMEOUT = "timeout";
    public static final String LOGIN_TIMEOUT = "login_timeout";
    public static final String PROXY_TIMEOUT = "proxy_timeout";
    public static final String PROXY_CONNECT_TIMEOUT = "proxy_connect_timeout";
    public static final String AUTH_TIMEOUT = "auth_timeout";
    public static final String MAX_ERRORS = "max_errors";
    public static final String RESOLVER = "resolver";
    public static final String RESOLVER_TIMEOUT = "resolver_timeout";
    public static final String MAX_COMMANDS = "max_commands";
    public static final String IMAP_AUTH = "imap_auth";
    public static final String IMAP_CAPABILITIES = "imap_capabilities";
    public static final String IMAP_CLIENT_BUFFER = "imap_client_buffer";
    public static final String IMAP_GREETING = "imap_greeting";
    public static final String PROXY_BUFFER = "proxy_buffer";
    public static final String PROXY_PASS_ERROR_MESSAGE = "proxy_pass_error_message";
    public static final String PROXY_PASS = "proxy_pass";
    public static final String PROXY = "proxy";
    public static final String POP3_AUTH = "pop3_auth";
    public static final String POP3_CAPABILITIES = "pop3_capabilities";
    public static final String POP3_CLIENT_BUFFER = "pop3_client_buffer";
    public static final String SMTP_AUTH = "smtp_auth";
    public static final String SMTP_CAPABILITIES = "smtp_capabilities";
    public static final String SMTP_CLIENT_BUFFER = "smtp_client_buffer";
    public static final String SMTP_GREETING_DELAY = "smtp_greeting_delay";
    public static final String XCLIENT = "xclient";
    public static final String SMTP_FORBID_BARE_NEWLINE = "smtp_forbid_bare_newline";
    public static final String PROXY_SMTP_AUTH = "proxy_smtp_auth";
    public static final String PROXY_SMTP_AUTH_METHOD = "proxy_smtp_auth_method";
    public static final String PROXY_IMAP_ID = "proxy_imap_id";
    public static final String PROXY_POP3_XCLIENT = "proxy_pop3_xclient";
    public static final String PROXY_OAUTH = "proxy_oauth";
    public static final String STARTTLS = "starttls";
    public static final String SSL_CERTIFICATE = "ssl_certificate";
    public static final String SSL_CERTIFICATE_KEY = "ssl_certificate_key";
    public static final String SSL_PASSWORD_FILE = "ssl_password_file";
    public static final String SSL_PROTOCOLS = "ssl_protocols";
    public static final String SSL_CIPHERS = "ssl_ciphers";
    public static final String SSL_PREFER_SERVER_CIPHERS = "ssl_prefer_server_ciphers";
    public static final String SSL_SESSION_CACHE = "ssl_session_cache";
    public static final String SSL_SESSION_TIMEOUT = "ssl_session_timeout";
    public static final String SSL_SESSION_TICKETS = "ssl_session_tickets";
    public static final String SSL_VERIFY_CLIENT = "ssl_verify_client";
    public static final String SSL_CLIENT_CERTIFICATE = "ssl_client_certificate";
    public static final String SSL_VERIFY_DEPTH = "ssl_verify_depth";
    public static final String SSL_CRL = "ssl_crl";
    public static final String SSL_DHPARAM = "ssl_dhparam";
    public static final String SSL_ECDH_CURVE = "ssl_ecdh_curve";
    public static final String SSL_SESSION_TICKET_KEY = "ssl_session_ticket_key";
    public static final String SSL_CONF_COMMAND = "ssl_conf_command";
    public static final String SSL_PROVIDER = "ssl_provider";
    public static final String PROXY_SSL = "proxy_ssl";
    public static final String PROXY_SSL_VERIFY = "proxy_ssl_verify";
    public static final String PROXY_SSL_TRUSTED_CERTIFICATE = "proxy_ssl_trusted_certificate";
    public static final String PROXY_SSL_NAME = "proxy_ssl_name";
    public static final String PROXY_SSL_CERTIFICATE = "proxy_ssl_certificate";
    public static final String PROXY_SSL_CERTIFICATE_KEY = "proxy_ssl_certificate_key";
    public static final String PROXY_SSL_PASSWORD_FILE = "proxy_ssl_password_file";
    public static final String PROXY_SSL_PROTOCOLS = "proxy_ssl_protocols";
    public static final String SET_REAL_IP_FROM = "set_real_ip_from";
    public static final String PROXY_PROTOCOL = "proxy_protocol";
    public static final String ACCESS = "access";
    public static final String LIMIT_CONN_EXEMPT = "limit_conn_exempt";
    public static final String LIMIT_CONN_PER_IP = "limit_conn_per_ip";
    public static final String LIMIT_CONN_RATE = "limit_conn_rate";
    public static final String LIMIT_CONN_RATE_BURST = "limit_conn_rate_burst";
    public static final String LIMIT_CONN_PER_USER = "limit_conn_per_user";
    public static final String LIMIT_CONN_PER_USERIP = "limit_conn_per_userip";
    public static final String LIMIT_CONN_STORE = "limit_conn_store";
    public static final String ERROR_LOG = "error_log";
    public static final String MODULE_CALL_WARN = "module_call_warn";

    /** The sizes a buffer directive may take: nginx's are any size, Postern's must fit an {@code int}. */
    private static final String SIZE_RANGE = "a size from 0 to 2147483647 bytes";

    /** Where the core's defaults live: not {@code reference.conf}, so no other jar's file shadows it. */
    static final String REFERENCE_RESOURCE = "io/postern/config/core-reference.conf";

    private CoreDirectives() {
    }

    /** Registers the core's directives and defaults under the owner {@value #OWNER}. */
    public static void registerAll(DirectiveRegistry registry) {
        registry.register(OWNER, Directive.of(SERVER_NAME, DirectiveType.STRING));
        registry.register(OWNER, new Directive(PROTOCOL, DirectiveType.STRING, Set.of("imap", "pop3", "smtp"), true),
                List.of("imap", "pop3", "smtp"));
        registry.register(OWNER, new Directive(LISTEN, DirectiveType.STRING_LIST, Set.of(), true));
        registry.addCheck(LISTEN, (value, written) -> ((List<?>) value).forEach(l -> ListenAddress.parse((String) l)));
        registry.register(OWNER, Directive.of(RESOLVER, DirectiveType.STRING_LIST));
        registry.addCheck(RESOLVER, (value, written) ->
                ResolverSettings.parse(((List<?>) value).stream().map(String::valueOf).toList(), Duration.ofSeconds(30)));
        for (String timeout : List.of(TIMEOUT, LOGIN_TIMEOUT, PROXY_TIMEOUT, PROXY_CONNECT_TIMEOUT,
                AUTH_TIMEOUT, RESOLVER_TIMEOUT)) {
            registry.register(OWNER, Directive.of(timeout, DirectiveType.DURATION));
            registry.addCheck(timeout, DirectiveRegistry.positive());
        }
        // ngx_conf_set_num_slot: any number from 0 (0 closes at the first error, as 1 does).
        registry.register(OWNER, Directive.of(MAX_ERRORS, DirectiveType.INTEGER));
        registry.addCheck(MAX_ERRORS, DirectiveRegistry.atLeast(0, ">= 0"));
        registry.register(OWNER, Directive.of(MAX_COMMANDS, DirectiveType.INTEGER));
        registry.addCheck(MAX_COMMANDS, DirectiveRegistry.atLeast(0, ">= 0"));
        registry.register(OWNER, Directive.oneOf(IMAP_AUTH, DirectiveType.STRING_LIST, "plain", "login", "cram-md5", "external",
                "xoauth2", "oauthbearer"), List.of("plain", "login", "cram-md5", "external", "xoauth2", "oauthbearer"));
        registry.register(OWNER, Directive.of(IMAP_CAPABILITIES, DirectiveType.STRING_LIST));
        registry.register(OWNER, Directive.of(IMAP_CLIENT_BUFFER, DirectiveType.SIZE));
        // nginx's buffer sizes are ngx_conf_set_size_slot: any size. The pre-login decoders honour
        // the size exactly (a command longer than it is refused as nginx refuses it); the framed
        // relay after login, which nginx does not have, takes lines of at least 1k.
        registry.addCheck(IMAP_CLIENT_BUFFER, DirectiveRegistry.atLeast(0, SIZE_RANGE));
        registry.register(OWNER, Directive.of(IMAP_GREETING, DirectiveType.STRING));
        registry.register(OWNER, Directive.of(PROXY_BUFFER, DirectiveType.SIZE));
        registry.addCheck(PROXY_BUFFER, DirectiveRegistry.atLeast(0, SIZE_RANGE));
        registry.register(OWNER, Directive.of(PROXY_PASS_ERROR_MESSAGE, DirectiveType.FLAG));
        registry.register(OWNER, Directive.of(PROXY_PASS, DirectiveType.STRING));
        registry.register(OWNER, Directive.of(PROXY, DirectiveType.FLAG));
        // One watchdog watches every event loop: a per-server threshold could not be honoured.
        registry.register(OWNER, Directive.of(MODULE_CALL_WARN, DirectiveType.DURATION).mailBlockOnly());
        registry.addCheck(MODULE_CALL_WARN, DirectiveRegistry.positive());
        registry.register(OWNER, Directive.of(ERROR_LOG, DirectiveType.STRING_LIST));
        registry.addCheck(ERROR_LOG, (value, written) ->
                ((List<?>) value).forEach(e -> io.postern.logging.ErrorLogTarget.parse((String) e)));
        registerPop3AndSmtp(registry);
        registerTls(registry);
        registerProxyProtocol(registry);
        registerLimits(registry);
        registry.addDefaults(OWNER, referenceConfig());
    }

    /** nginx's pop3 and smtp module directives, plus {@code pop3_client_buffer} (nginx's is fixed at 128 bytes). */
    private static void registerPop3AndSmtp(DirectiveRegistry registry) {
        registry.register(OWNER, Directive.oneOf(POP3_AUTH, DirectiveType.STRING_LIST, "plain", "apop", "cram-md5",
                "external", "xoauth2", "oauthbearer"), List.of("plain", "apop", "cram-md5", "external", "xoauth2",
                "oauthbearer"));
        registry.register(OWNER, Directive.of(POP3_CAPABILITIES, DirectiveType.STRING_LIST));
        registry.register(OWNER, Directive.of(POP3_CLIENT_BUFFER, DirectiveType.SIZE));
        registry.addCheck(POP3_CLIENT_BUFFER, DirectiveRegistry.atLeast(0, SIZE_RANGE));
        registry.register(OWNER, Directive.oneOf(SMTP_AUTH, DirectiveType.STRING_LIST, "plain", "login", "cram-md5",
                "external", "xoauth2", "oauthbearer", "none"), List.of("plain", "login", "cram-md5", "external",
                "xoauth2", "oauthbearer", "none"));
        registry.register(OWNER, Directive.of(SMTP_CAPABILITIES, DirectiveType.STRING_LIST));
        registry.register(OWNER, Directive.of(SMTP_CLIENT_BUFFER, DirectiveType.SIZE));
        registry.addCheck(SMTP_CLIENT_BUFFER, DirectiveRegistry.atLeast(0, SIZE_RANGE));
        registry.register(OWNER, Directive.of(SMTP_GREETING_DELAY, DirectiveType.DURATION));
        registry.register(OWNER, Directive.oneOf(XCLIENT, DirectiveType.STRING, "on", "off", "offered"),
                List.of("on", "off", "offered"));
        registry.register(OWNER, Directive.of(SMTP_FORBID_BARE_NEWLINE, DirectiveType.FLAG));
        registry.register(OWNER, Directive.of(PROXY_SMTP_AUTH, DirectiveType.FLAG));
        registry.register(OWNER, Directive.of(PROXY_IMAP_ID, DirectiveType.FLAG));
        registry.register(OWNER, Directive.of(PROXY_POP3_XCLIENT, DirectiveType.FLAG));
        registry.register(OWNER, Directive.oneOf(PROXY_OAUTH, DirectiveType.STRING, "replay", "mechanism"),
                List.of("replay", "mechanism"));
        registry.register(OWNER, Directive.oneOf(PROXY_SMTP_AUTH_METHOD, DirectiveType.STRING, "plain", "login",
                "xoauth2", "oauthbearer"), List.of("plain", "login", "xoauth2", "oauthbearer"));
    }

    /** nginx's ngx_mail_ssl_module directives, and the upstream side's in the spirit of nginx's stream proxy. */
    private static void registerTls(DirectiveRegistry registry) {
        registry.register(OWNER, Directive.oneOf(STARTTLS, DirectiveType.STRING, "off", "on", "only"),
                List.of("off", "on", "only"));
        for (String list : List.of(SSL_CERTIFICATE, SSL_CERTIFICATE_KEY, SSL_PROTOCOLS, SSL_SESSION_CACHE,
                PROXY_SSL_PROTOCOLS)) {
            registry.register(OWNER, Directive.of(list, DirectiveType.STRING_LIST));
        }
        for (String string : List.of(SSL_PASSWORD_FILE, SSL_CIPHERS, SSL_CLIENT_CERTIFICATE, SSL_CRL, SSL_DHPARAM,
                SSL_ECDH_CURVE,
                PROXY_SSL_TRUSTED_CERTIFICATE, PROXY_SSL_NAME, PROXY_SSL_CERTIFICATE, PROXY_SSL_CERTIFICATE_KEY,
                PROXY_SSL_PASSWORD_FILE)) {
            registry.register(OWNER, Directive.of(string, DirectiveType.STRING));
        }
        for (String flag : List.of(SSL_PREFER_SERVER_CIPHERS, SSL_SESSION_TICKETS, PROXY_SSL_VERIFY)) {
            registry.register(OWNER, Directive.of(flag, DirectiveType.FLAG));
        }
        registry.register(OWNER, Directive.of(SSL_SESSION_TICKET_KEY, DirectiveType.STRING_LIST));
        registry.addCheck(SSL_SESSION_TICKET_KEY, (value, written) -> {
            if (!((List<?>) value).isEmpty()) {
                throw new IllegalArgumentException(NginxValues.quote(written) + " (not supported: the JDK makes and"
                        + " rotates its own session ticket keys and cannot take them from a file; expected: none)");
            }
        });
        registry.register(OWNER, Directive.of(SSL_CONF_COMMAND, DirectiveType.OBJECT));
        registry.register(OWNER, Directive.oneOf(SSL_PROVIDER, DirectiveType.STRING, "auto", "openssl", "jdk"),
                List.of("auto", "openssl", "jdk"));
        registry.register(OWNER, Directive.of(SSL_SESSION_TIMEOUT, DirectiveType.DURATION));
        registry.addCheck(SSL_SESSION_TIMEOUT, DirectiveRegistry.positive());
        registry.register(OWNER, Directive.oneOf(SSL_VERIFY_CLIENT, DirectiveType.STRING, "off", "on", "optional",
                "optional_no_ca"), List.of("off", "on", "optional", "optional_no_ca"));
        registry.register(OWNER, Directive.of(SSL_VERIFY_DEPTH, DirectiveType.INTEGER));
        registry.addCheck(SSL_VERIFY_DEPTH, DirectiveRegistry.atLeast(1, ">= 1"));
        registry.register(OWNER, Directive.of(PROXY_SSL, DirectiveType.STRING));
        registry.addCheck(PROXY_SSL, (value, written) -> {
            if (io.postern.tls.UpstreamTlsMode.parse((String) value).isEmpty()) {
                throw new IllegalArgumentException(NginxValues.quote(written) + " (expected: "
                        + io.postern.tls.UpstreamTlsMode.expected() + ")");
            }
        });
    }

    /**
     * The PROXY protocol: {@code set_real_ip_from} (nginx's realip module, for listeners with
     * {@code proxy_protocol}) and {@code proxy_protocol} toward upstreams (nginx's mail proxy).
     */
    private static void registerProxyProtocol(DirectiveRegistry registry) {
        registry.register(OWNER, Directive.of(SET_REAL_IP_FROM, DirectiveType.STRING_LIST));
        registry.addCheck(SET_REAL_IP_FROM, (value, written) ->
                ((List<?>) value).forEach(n -> RealIpNetwork.parse((String) n)));
        registry.register(OWNER, Directive.oneOf(PROXY_PROTOCOL, DirectiveType.STRING, "off", "on", "v2"),
                List.of("off", "on", "v2"));
    }

    /**
     * The CONNECT phase's access rules (nginx's access module, {@code allow}/{@code deny} as one
     * ordered list) and the connection limits (in the spirit of nginx's {@code limit_conn} and
     * {@code limit_req}, and Dovecot's {@code mail_max_userip_connections}). The process-wide
     * {@code limit_conn_total} is a top-level setting ({@link ProcessSettings}).
     */
    private static void registerLimits(DirectiveRegistry registry) {
        registry.register(OWNER, Directive.of(ACCESS, DirectiveType.STRING_LIST));
        registry.addCheck(ACCESS, (value, written) -> ((List<?>) value).forEach(r -> AccessRule.parse((String) r)));
        registry.register(OWNER, Directive.of(LIMIT_CONN_EXEMPT, DirectiveType.STRING_LIST));
        registry.addCheck(LIMIT_CONN_EXEMPT, (value, written) ->
                ((List<?>) value).forEach(n -> RealIpNetwork.parse((String) n)));
        for (String limit : List.of(LIMIT_CONN_PER_IP, LIMIT_CONN_PER_USER, LIMIT_CONN_PER_USERIP)) {
            registry.register(OWNER, Directive.of(limit, DirectiveType.INTEGER));
            registry.addCheck(limit, DirectiveRegistry.atLeast(0, ">= 0, 0 for no limit"));
        }
        registry.register(OWNER, Directive.of(LIMIT_CONN_RATE, DirectiveType.STRING));
        registry.addCheck(LIMIT_CONN_RATE, (value, written) -> ConnectionRate.parse((String) value));
        registry.register(OWNER, Directive.of(LIMIT_CONN_RATE_BURST, DirectiveType.INTEGER));
        registry.register(OWNER, Directive.oneOf(LIMIT_CONN_STORE, DirectiveType.STRING, "local", "redis"),
                List.of("local", "redis"));
        registry.addCheck(LIMIT_CONN_RATE_BURST, DirectiveRegistry.atLeast(1, ">= 1"));
    }

    /** The core's defaults file, process settings at the top and directives under {@code mail}. */
    static Config referenceConfig() {
        return ConfigFactory.parseResources(CoreDirectives.class.getClassLoader(), REFERENCE_RESOURCE,
                ConfigParseOptions.defaults().setAllowMissing(false)).resolve();
    }
}
