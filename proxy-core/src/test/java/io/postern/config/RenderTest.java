package io.postern.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.postern.spi.Directive;
import io.postern.spi.DirectiveType;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderTest {

    @TempDir
    Path dir;

    private static DirectiveRegistry registryWithModule() {
        DirectiveRegistry registry = ConfigFixture.coreRegistry();
        registry.register("auth", Directive.of("auth_http", DirectiveType.STRING));
        registry.register("auth", Directive.of("auth_http_header", DirectiveType.OBJECT));
        registry.register("auth", Directive.of("auth_http_timeout", DirectiveType.DURATION));
        registry.register("auth", Directive.oneOf("auth_mode", DirectiveType.STRING, "on", "off", "only"));
        registry.addDefaults("auth", ConfigFactory.parseString("mail { auth_http_timeout = 60s, auth_mode = off }"));
        return registry;
    }

    private static final String CONFIG = """
            event_loop_threads = 2
            shutdown_timeout = 1500ms
            phases { auth = [users] }
            mail {
              server_name = "mail.example.com"
              auth_http = "127.0.0.1:9000/mail/auth"
              auth_http_header { X-Auth-Key = "s3cr3t", "X-Other" = "a \\"quoted\\" value" }
              imap_auth = [plain, login]
              proxy_pass_error_message = on
              upstreams { pool { servers = ["10.0.0.1:143", "[::1]:143"] } }
              servers {
                imap  { listen = "127.0.0.1:143", auth_mode = ONLY, proxy_pass = pool }
                imaps { listen = ["127.0.0.1:993 backlog=64", "[::1]:993 ipv6only=on"], timeout = 1h30m }
                pop3  { protocol = pop3, listen = "127.0.0.1:10110", proxy_buffer = 16k, max_errors = 3 }
              }
            }
            """;

    @Test
    void rendersHoconThatLoadsBackToTheSameSettings() throws Exception {
        ConfigFixture fixture = new ConfigFixture(dir);
        PosternConfig first = fixture.load(CONFIG, registryWithModule());
        String rendered = first.render();
        Path again = fixture.write("rendered/postern.conf", rendered);
        PosternConfig second = ConfigLoader.validate(ConfigLoader.parse(again, dir.resolve("elsewhere")),
                registryWithModule(), ConfigFixture.ALL);

        assertThat(second.process()).isEqualTo(first.process());
        assertThat(second.servers()).isEqualTo(first.servers());
        assertThat(second.upstreams()).isEqualTo(first.upstreams());
        assertThat(second.mail()).isEqualTo(first.mail());
        assertThat(second.render()).isEqualTo(rendered.replace(fixture.path("postern.conf"), fixture.path("rendered/postern.conf")));
    }

    @Test
    void writesEveryDirectiveInNginxForms() throws Exception {
        String rendered = new ConfigFixture(dir).load(CONFIG, registryWithModule()).render();
        assertThat(rendered)
                .contains("event_loop_threads = 2\n")
                .contains("shutdown_timeout = 1500ms\n")
                .contains("      timeout = 60s\n")
                .contains("      timeout = 90m\n")
                .contains("      proxy_timeout = 24h\n")
                .contains("      proxy_buffer = 16k\n")
                .contains("      proxy_pass_error_message = on\n")
                .contains("      auth_mode = \"only\"\n")
                .contains("      auth_http_timeout = 60s\n")
                .contains("      listen = [\"127.0.0.1:993 backlog=64\", \"[::1]:993 ipv6only=on\"]\n")
                .contains("      protocol = \"imap\"\n")
                .contains("pool { servers = [\"10.0.0.1:143\", \"[::1]:143\"] }");
    }
}
