package io.postern.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.spi.Directive;
import io.postern.spi.DirectiveType;
import io.postern.spi.Protocol;
import io.postern.spi.UpstreamAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    ConfigFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new ConfigFixture(dir);
    }

    @Test
    void appliesCoreDefaultsToAServer() throws Exception {
        PosternConfig cfg = fixture.load("mail { servers { imap { listen = \"127.0.0.1:143\" } } }");
        ServerSettings s = cfg.servers().get(0);
        assertThat(s.name()).isEqualTo("imap");
        assertThat(s.protocol()).isEqualTo(Protocol.IMAP);
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.proxyTimeout()).isEqualTo(Duration.ofHours(24));
        assertThat(s.proxyConnectTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.authTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.maxErrors()).isEqualTo(5);
        assertThat(s.imapAuth()).containsExactly("plain");
        assertThat(s.imapCapabilities()).containsExactly("IMAP4", "IMAP4rev1", "UIDPLUS");
        assertThat(s.imapClientBuffer()).isEqualTo(4096);
        assertThat(s.imapGreeting()).isEqualTo("IMAP4 ready");
        assertThat(s.proxyBuffer()).isEqualTo(4096);
        assertThat(s.proxyPassErrorMessage()).isFalse();
        assertThat(s.proxyPass()).isEmpty();
        assertThat(s.serverName()).isNotBlank();
        assertThat(s.directives().origin("timeout")).isEqualTo("default");
        assertThat(s.directives().flag("proxy")).isFalse();
    }

    @Test
    void serversInheritTheMailLevelUnlessTheySetTheDirective() throws Exception {
        PosternConfig cfg = fixture.load("""
                mail {
                  server_name = mail.example.com
                  timeout = 30s
                  imap_auth = [PLAIN, login]
                  servers {
                    a { listen = "127.0.0.1:143" }
                    b { listen = "127.0.0.1:1143", protocol = imap, timeout = 5m, server_name = other.example.com }
                  }
                }
                """);
        ServerSettings a = cfg.servers().get(0);
        ServerSettings b = cfg.servers().get(1);
        assertThat(a.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(a.serverName()).isEqualTo("mail.example.com");
        assertThat(a.imapAuth()).containsExactly("plain", "login");
        assertThat(b.timeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(b.serverName()).isEqualTo("other.example.com");
        assertThat(b.imapAuth()).containsExactly("plain", "login");
        assertThat(a.directives().origin("timeout")).isEqualTo(fixture.path("postern.conf") + ":3");
        assertThat(b.directives().origin("timeout")).isEqualTo(fixture.path("postern.conf") + ":7");
        assertThat(cfg.mail().name()).isEqualTo("mail");
        assertThat(cfg.mail().duration("timeout")).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aModuleDirectiveHasItsDefaultAndCanBeOverriddenPerServer() throws Exception {
        DirectiveRegistry registry = ConfigFixture.coreRegistry();
        registry.register("auth", Directive.of("auth_http_timeout", DirectiveType.DURATION));
        registry.register("auth", Directive.of("auth_http_header", DirectiveType.OBJECT));
        registry.addDefaults("auth", com.typesafe.config.ConfigFactory.parseString("mail { auth_http_timeout = 60s }"));
        PosternConfig cfg = fixture.load("""
                mail {
                  auth_http_header { X-Auth-Key = "s3cr3t" }
                  servers {
                    a { listen = 143 }
                    b { listen = 993, auth_http_timeout = 5s }
                  }
                }
                """, registry);
        assertThat(cfg.servers().get(0).directives().duration("auth_http_timeout")).isEqualTo(Duration.ofSeconds(60));
        assertThat(cfg.servers().get(1).directives().duration("auth_http_timeout")).isEqualTo(Duration.ofSeconds(5));
        assertThat(cfg.servers().get(1).directives().object("auth_http_header")).isEqualTo(Map.of("X-Auth-Key", "s3cr3t"));
        assertThat(cfg.servers().get(1).directives().raw().getString("auth_http_timeout")).isEqualTo("5s");
    }

    @Test
    void infersTheProtocolFromTheFirstListenPort() throws Exception {
        PosternConfig cfg = fixture.load("""
                mail.servers {
                  i { listen = "143" }
                  is { listen = "993 backlog=16" }
                  p { listen = 110 }
                  ps { listen = 995 }
                  s { listen = 25 }
                  ss { listen = 465 }
                  sub { listen = [587, 2525] }
                }
                """);
        assertThat(cfg.servers()).extracting(ServerSettings::protocol).containsExactly(
                Protocol.IMAP, Protocol.IMAP, Protocol.POP3, Protocol.POP3, Protocol.SMTP, Protocol.SMTP, Protocol.SMTP);
        assertThat(cfg.servers().get(6).listen()).extracting(ListenAddress::port).containsExactly(587, 2525);
    }

    @Test
    void keepsTheServersInFileOrder() throws Exception {
        PosternConfig cfg = fixture.load("""
                mail.servers {
                  zeta { listen = 1001, protocol = imap }
                  alpha { listen = 1002, protocol = imap }
                  mid { listen = 1003, protocol = imap }
                  beta { listen = 1004, protocol = imap }
                }
                """);
        assertThat(cfg.servers()).extracting(ServerSettings::name).containsExactly("zeta", "alpha", "mid", "beta");
    }

    @Test
    void includesFilesRelativeToTheIncludingFile() throws Exception {
        fixture.write("conf.d/servers.conf", "mail.servers.imap { listen = 143 }\ninclude \"more.conf\"\n");
        fixture.write("conf.d/more.conf", "mail.timeout = 7s\n");
        fixture.write("conf.d/main.conf", "include \"servers.conf\"\n");
        RawConfig raw = ConfigLoader.parse(dir.resolve("conf.d/main.conf"), dir);
        PosternConfig cfg = ConfigLoader.validate(raw, ConfigFixture.coreRegistry(), ConfigFixture.ALL);
        assertThat(cfg.servers()).extracting(ServerSettings::name).containsExactly("imap");
        assertThat(cfg.servers().get(0).timeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(cfg.servers().get(0).directives().origin("timeout")).isEqualTo(fixture.path("conf.d/more.conf") + ":1");
    }

    @Test
    void resolvesSubstitutionsAndEnvironmentVariables() throws Exception {
        PosternConfig cfg = fixture.load("""
                mail {
                  server_name = mail.example.com
                  imap_greeting = ${mail.server_name}" ready on "${PATH}
                  servers.imap.listen = 143
                }
                """);
        assertThat(cfg.servers().get(0).imapGreeting()).isEqualTo("mail.example.com ready on " + System.getenv("PATH"));
    }

    @Test
    void readsProcessSettingsRelativeToThePrefix() throws Exception {
        PosternConfig cfg = fixture.load("""
                event_loop_threads = 4
                modules_dir = mods
                pid = /run/postern.pid
                shutdown_timeout = 1m30s
                phases { auth = [throttle, users], log = access, imap_filter = [audit, rewrite] }
                """);
        ProcessSettings p = cfg.process();
        assertThat(p.eventLoopThreads()).isEqualTo(4);
        assertThat(p.modulesDir()).isEqualTo(dir.toAbsolutePath().resolve("mods"));
        assertThat(p.pidFile()).isEqualTo(Path.of("/run/postern.pid"));
        assertThat(p.shutdownTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(p.phaseOrder()).containsExactly(Map.entry("auth", List.of("throttle", "users")),
                Map.entry("upstream", List.of()), Map.entry("log", List.of("access")),
                Map.entry("imap_filter", List.of("audit", "rewrite")), Map.entry("pop3_filter", List.of()),
                Map.entry("smtp_filter", List.of()));
        assertThat(cfg.servers()).isEmpty();
    }

    @Test
    void defaultsTheProcessSettings() throws Exception {
        ProcessSettings p = ConfigLoader.parse(fixture.write("postern.conf", "mail {}"), dir).process();
        assertThat(p.eventLoopThreads()).isZero();
        assertThat(p.modulesDir()).isEqualTo(dir.toAbsolutePath().resolve("modules"));
        assertThat(p.pidFile()).isEqualTo(dir.toAbsolutePath().resolve("logs/postern.pid"));
        assertThat(p.shutdownTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(p.phaseOrder()).containsOnlyKeys("auth", "upstream", "log", "imap_filter", "pop3_filter",
                "smtp_filter");
    }

    @Test
    void readsUpstreamPoolsAndProxyPass() throws Exception {
        PosternConfig cfg = fixture.load("""
                mail {
                  upstreams {
                    backends { servers = ["10.0.0.1:143", "imap2.example.com:143", "[::1]:1143"] }
                    single { servers = "10.0.0.9:110" }
                  }
                  proxy_pass = backends
                  servers { imap { listen = 143 }, pop { listen = 110, proxy_pass = single } }
                }
                """);
        assertThat(cfg.upstreams()).containsOnlyKeys("backends", "single");
        assertThat(cfg.upstreams().get("backends").servers()).containsExactly(
                new UpstreamAddress("10.0.0.1", 143), new UpstreamAddress("imap2.example.com", 143), new UpstreamAddress("::1", 1143));
        assertThat(cfg.servers().get(0).proxyPass()).isEqualTo(Optional.of("backends"));
        assertThat(cfg.servers().get(1).proxyPass()).isEqualTo(Optional.of("single"));
    }
}
