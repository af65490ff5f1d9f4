package io.postern.nginx;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.nginx.NginxDirective.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one table of nginx's mail directives: every one of nginx's, each with what becomes of it. */
class NginxDirectivesTest {

    /**
     * Every directive of nginx's src/mail at 3f6f7824 (nginx 1.31.5), read from its
     * ngx_command_t arrays, plus those of nginx 1.31's and freenginx's mail series that
     * docs/NGINX-MAIL names (max_commands, pop3_client_buffer) and the removed {@code ssl}.
     */
    private static final List<String> NGINX_MAIL = List.of(
            "mail", "server", "listen", "protocol", "timeout", "server_name", "error_log", "resolver",
            "resolver_timeout", "max_errors", "max_commands",
            "auth_http", "auth_http_timeout", "auth_http_header", "auth_http_pass_client_cert",
            "proxy", "proxy_buffer", "proxy_timeout", "proxy_pass_error_message", "xclient", "proxy_smtp_auth",
            "proxy_protocol", "set_real_ip_from",
            "imap_client_buffer", "imap_capabilities", "imap_auth", "pop3_capabilities", "pop3_auth",
            "pop3_client_buffer", "smtp_client_buffer", "smtp_greeting_delay", "smtp_capabilities", "smtp_auth",
            "starttls", "ssl_certificate", "ssl_certificate_key", "ssl_password_file", "ssl_certificate_compression",
            "ssl_dhparam", "ssl_ecdh_curve", "ssl_protocols", "ssl_ciphers", "ssl_prefer_server_ciphers",
            "ssl_session_cache", "ssl_session_tickets", "ssl_session_ticket_key", "ssl_session_timeout",
            "ssl_verify_client", "ssl_verify_depth", "ssl_client_certificate", "ssl_trusted_certificate", "ssl_crl",
            "ssl_conf_command", "ssl");

    @Test
    void mapsEveryDirectiveOfNginxsMailModulesOrSaysWhyNot() {
        assertThat(NginxDirectives.all()).extracting(NginxDirective::name).containsExactlyInAnyOrderElementsOf(NGINX_MAIL);
        assertThat(NginxDirectives.all()).filteredOn(d -> d.status() == Status.UNSUPPORTED)
                .allSatisfy(d -> assertThat(d.note()).as(d.name()).isNotBlank());
    }

    @Test
    void showsNginxDirectivesInPosternsSyntax() {
        assertThat(NginxDirectives.asHocon("max_errors", List.of("3"))).isEqualTo("max_errors = 3");
        assertThat(NginxDirectives.asHocon("imap_auth", List.of("plain", "login"))).isEqualTo("imap_auth = [plain, login]");
        assertThat(NginxDirectives.asHocon("listen", List.of("127.0.0.1:993", "ssl")))
                .isEqualTo("listen = \"127.0.0.1:993 ssl\"");
        assertThat(NginxDirectives.asHocon("auth_http", List.of("127.0.0.1:9000/auth")))
                .isEqualTo("auth_http = \"127.0.0.1:9000/auth\"");
    }
}
