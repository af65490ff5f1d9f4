package io.postern.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.postern.spi.Protocol;
import java.nio.file.Path;
import java.util.EnumSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of mistake is reported with the file, the line, the key and what was expected. */
class ConfigErrorsTest {

    @TempDir
    Path dir;

    ConfigFixture fixture;
    String file;

    @BeforeEach
    void setUp() {
        fixture = new ConfigFixture(dir);
        file = fixture.path("postern.conf");
    }

    private String errorsOf(String text) {
        ConfigException e = assertThrows(ConfigException.class, () -> fixture.load(text));
        return e.getMessage();
    }

    @Test
    void reportsABadDurationWithFileLineKeyAndExpectation() {
        assertThat(errorsOf("""
                mail {
                  servers {
                    imap {
                      listen = 143
                      timeout = abc
                    }
                  }
                }
                """)).isEqualTo(file + ":5: mail.servers.imap.timeout: \"abc\" (expected: a duration such as 500ms, 60s, 5m, 24h)");
    }

    @Test
    void refusesAHostNameInSetRealIpFromAndAnUnknownProxyProtocolVersion() {
        assertThat(errorsOf("mail {\n  set_real_ip_from = [\"10.0.0.0/8\", lb.example]\n"
                + "  servers.imap.listen = \"143 proxy_protocol\"\n}\n"))
                .isEqualTo(file + ":2: mail.set_real_ip_from: \"lb.example\" (expected: an IPv4 or IPv6 address, "
                        + "or a network such as 192.0.2.0/24)");
        assertThat(errorsOf("mail.servers.imap {\n  listen = 143\n  proxy_protocol = v3\n}\n"))
                .isEqualTo(file + ":3: mail.servers.imap.proxy_protocol: \"v3\" (expected: one of off, on, v2)");
    }

    @Test
    void suggestsAKnownDirectiveForATypo() {
        assertThat(errorsOf("mail.servers.imap {\n  listen = 143\n  tiemout = 5s\n}\n"))
                .isEqualTo(file + ":3: mail.servers.imap: unknown directive \"tiemout\" (did you mean \"timeout\"?)");
        assertThat(errorsOf("mail { frobnicate = 1 }"))
                .isEqualTo(file + ":1: mail: unknown directive \"frobnicate\"");
    }

    @Test
    void listsTheAllowedWordsInTheirOrder() {
        assertThat(errorsOf("mail {\n\n  imap_auth = [plain, gssapi]\n}"))
                .isEqualTo(file + ":3: mail.imap_auth: \"gssapi\" (expected: one of plain, login, cram-md5, external, xoauth2, oauthbearer)");
    }

    @Test
    void collectsEveryProblemInOnePassInLineOrder() {
        ConfigException e = assertThrows(ConfigException.class, () -> fixture.load("""
                bogus = 1
                mail {
                  max_errors = -1
                  proxy_buffer = 100
                  servers {
                    a { listen = 143, imap_client_buffer = 1k, proxy_timeout = 0 }
                    b { timeout = 5s }
                  }
                }
                """));
        // The unknown top-level key stops the first step, so the mail block is checked on its own.
        assertThat(e.problems()).extracting(ConfigProblem::line).containsExactly(1);
        e = assertThrows(ConfigException.class, () -> fixture.load("""
                mail {
                  max_errors = -1
                  proxy_buffer = 4q
                  servers {
                    a { listen = 143, imap_client_buffer = 1k, proxy_timeout = 0 }
                    b { timeout = 5s }
                  }
                }
                """));
        assertThat(e.getMessage()).isEqualTo(String.join("\n",
                file + ":2: mail.max_errors: -1 (expected: >= 0)",
                file + ":3: mail.proxy_buffer: \"4q\" (expected: a size such as 512, 4k, 1m)",
                file + ":5: mail.servers.a.proxy_timeout: 0 (expected: > 0)",
                file + ":6: no \"listen\" is defined for server \"b\""));
    }

    @Test
    void acceptsTheSmallValuesNginxAccepts() throws Exception {
        // ngx_conf_set_size_slot and ngx_conf_set_num_slot take any size and number from 0.
        ServerSettings imap = fixture.load("""
                mail {
                  max_errors = 0
                  max_commands = 0
                  proxy_buffer = 0
                  pop3_client_buffer = 0
                  smtp_client_buffer = 1
                  servers { imap { listen = 143, imap_client_buffer = 64 } }
                }
                """).servers().get(0);
        assertThat(imap.imapClientBuffer()).isEqualTo(64);
        assertThat(imap.maxErrors()).isZero();
        assertThat(imap.maxCommands()).isZero();
        assertThat(imap.proxyBuffer()).isZero();
    }

    @Test
    void refusesUnknownTopLevelSettings() {
        assertThat(errorsOf("mail {}\nworker_processes = 4\n")).isEqualTo(file
                + ":2: unknown top-level setting \"worker_processes\" (expected: event_loop_threads, modules_dir, pid, shutdown_timeout, phases, limit_conn_total, mail)");
    }

    @Test
    void checksTheProcessSettings() {
        assertThat(errorsOf("event_loop_threads = 0\nshutdown_timeout = soon\nphases { auth = [a], later = [b] }\n"))
                .isEqualTo(String.join("\n",
                        file + ":1: event_loop_threads: 0 (expected: auto or a whole number from 1 to 4096)",
                        file + ":2: shutdown_timeout: \"soon\" (expected: a duration such as 500ms, 60s, 5m, 24h)",
                        file + ":3: phases: unknown phase \"later\" (expected: auth, upstream, log, imap_filter, pop3_filter, smtp_filter)"));
    }

    @Test
    void refusesServerOnlyDirectivesAtMailLevel() {
        assertThat(errorsOf("mail {\n  listen = 143\n}\n"))
                .isEqualTo(file + ":2: mail.listen: \"listen\" directive is not allowed here (expected: in a server block)");
    }

    @Test
    void refusesMailOnlyDirectivesInAServerBlockWithFileLineAndKey() {
        DirectiveRegistry registry = ConfigFixture.coreRegistry();
        registry.register("log", io.postern.spi.Directive.of("metrics_listen", io.postern.spi.DirectiveType.STRING)
                .mailBlockOnly());
        String text = "mail {\n  metrics_listen = \"127.0.0.1:9145\"\n  servers.imap {\n    listen = 143\n"
                + "    metrics_listen = \"127.0.0.1:9146\"\n  }\n}\n";

        ConfigException e = assertThrows(ConfigException.class, () -> fixture.load(text, registry));

        assertThat(e.getMessage()).isEqualTo(file + ":5: mail.servers.imap.metrics_listen: \"metrics_listen\" directive"
                + " is not allowed here (expected: in the mail block)");
    }

    @Test
    void refusesProxyPassToAnUnknownPool() {
        assertThat(errorsOf("""
                mail {
                  upstreams { a { servers = ["10.0.0.1:143"] } }
                  servers { imap { listen = 143, proxy_pass = b } }
                }
                """)).isEqualTo(file + ":3: mail.servers.imap.proxy_pass: \"b\" (expected: the name of a pool in mail.upstreams)");
    }

    @Test
    void requiresAPortOnEveryUpstreamServer() {
        assertThat(errorsOf("mail.upstreams.a.servers = [\"10.0.0.1:143\", \"imap.example.com\"]\n"))
                .isEqualTo(file + ":1: mail.upstreams.a.servers: \"imap.example.com\" (expected: host:port, with IPv6 in brackets such as [::1]:143)");
    }

    @Test
    void refusesTheSameListenAddressTwice() {
        assertThat(errorsOf("""
                mail.servers {
                  a { listen = "127.0.0.1:143" }
                  b { listen = ["127.0.0.1:1143", "127.0.0.1:143 backlog=16"], protocol = imap }
                  c { listen = "*:110" }
                  d { listen = "0.0.0.0:110" }
                }
                """)).isEqualTo(String.join("\n",
                        file + ":3: duplicate listen \"127.0.0.1:143\"",
                        file + ":5: duplicate listen \"0.0.0.0:110\""));
    }

    @Test
    void refusesListenAddressesThatCannotBeResolvedOrAreNotThisMachines() throws Exception {
        java.nio.file.Path nonlocal = java.nio.file.Path.of("/proc/sys/net/ipv4/ip_nonlocal_bind");
        org.assertj.core.api.Assumptions.assumeThat(!java.nio.file.Files.isReadable(nonlocal)
                || java.nio.file.Files.readString(nonlocal).trim().equals("0")).as("non-local binds are off").isTrue();
        assertThat(errorsOf("""
                mail.servers {
                  a { listen = "999.0.0.1:110" }
                  b { listen = "no-such-host.invalid:143" }
                  c { listen = "192.0.2.1:25" }
                  d { listen = ["127.0.0.1:1143", "localhost:1144", "[::1]:1145", "*:1146"], protocol = imap }
                }
                """)).isEqualTo(String.join("\n",
                        file + ":2: host not found in \"999.0.0.1:110\" of the \"listen\" directive",
                        file + ":3: host not found in \"no-such-host.invalid:143\" of the \"listen\" directive",
                        file + ":4: \"192.0.2.1:25\" of the \"listen\" directive: 192.0.2.1 is not an address of this"
                                + " machine (bind() would fail: Cannot assign requested address)"));
    }

    @Test
    void refusesCapabilitiesWrittenAsNginxArgumentsThatHoconJoinsIntoOne() throws Exception {
        assertThat(errorsOf("""
                mail {
                  smtp_capabilities = "SIZE 52428800" 8BITMIME
                  servers.a {
                    listen = "127.0.0.1:110"
                    pop3_capabilities = "EXPIRE 60"   "TOP"  # two
                  }
                }
                """)).isEqualTo(String.join("\n",
                        file + ":2: mail.smtp_capabilities: \"SIZE 52428800 8BITMIME\" (HOCON joins \"SIZE 52428800\""
                                + " 8BITMIME into one capability; expected: a list, one capability each:"
                                + " smtp_capabilities = [\"SIZE 52428800\", 8BITMIME])",
                        file + ":5: mail.servers.a.pop3_capabilities: \"EXPIRE 60   TOP\" (HOCON joins \"EXPIRE 60\""
                                + " \"TOP\" into one capability; expected: a list, one capability each:"
                                + " pop3_capabilities = [\"EXPIRE 60\", \"TOP\"])"));
        // One capability with its parameter, and lists, are as meant.
        PosternConfig config = fixture.load("""
                mail {
                  smtp_capabilities = SIZE 52428800
                  imap_capabilities = [IMAP4rev1, "ID"]
                  pop3_capabilities = "SASL PLAIN"
                  servers.a { listen = "127.0.0.1:110" }
                }
                """);
        assertThat(config.servers().get(0).directives().strings("smtp_capabilities")).containsExactly("SIZE 52428800");
    }

    @Test
    void refusesErrorLogValuesNginxRefusesOrPosternCannotWrite() {
        assertThat(errorsOf("""
                mail {
                  error_log = "logs/mail.log verbose"
                  servers.a {
                    listen = "127.0.0.1:143"
                    error_log = ["stderr info", "syslog:server=127.0.0.1:514 info"]
                  }
                }
                """)).isEqualTo(String.join("\n",
                        file + ":2: mail.error_log: \"logs/mail.log verbose\" (unknown level \"verbose\"; expected:"
                                + " debug, info, notice, warn, error, crit, alert or emerg)",
                        file + ":5: mail.servers.a.error_log: \"syslog:server=127.0.0.1:514 info\" (syslog: is not"
                                + " supported; expected: a file or stderr (conf/logback.xml can send lines to syslog))"));
    }

    @Test
    void reportsBadListenValues() {
        assertThat(errorsOf("mail.servers.a.listen = \"unix:/tmp/p.sock\"\nmail.servers.b.listen = \"143 fast\"\n"))
                .isEqualTo(String.join("\n",
                        file + ":1: mail.servers.a.listen: \"unix:/tmp/p.sock\" (unix sockets are not supported)",
                        file + ":2: mail.servers.b.listen: \"143 fast\" (unknown parameter \"fast\")"));
    }

    @Test
    void requiresAProtocolWhenThePortDoesNotTellIt() {
        assertThat(errorsOf("mail.servers {\n  odd { listen = 10143 }\n}\n"))
                .isEqualTo(file + ":2: unknown mail protocol for server \"odd\"");
    }

    @Test
    void refusesAProtocolThisBuildDoesNotServe() throws Exception {
        Path conf = fixture.write("postern.conf", "mail.servers {\n  p { listen = 110 }\n  q { listen = 1110, protocol = pop3 }\n}\n");
        RawConfig raw = ConfigLoader.parse(conf, dir);
        assertThatThrownBy(() -> ConfigLoader.validate(raw, ConfigFixture.coreRegistry(), EnumSet.of(Protocol.IMAP)))
                .isInstanceOf(ConfigException.class)
                .hasMessage(String.join("\n",
                        file + ":2: protocol \"pop3\" of server \"p\" is not supported by this build yet",
                        file + ":3: protocol \"pop3\" of server \"q\" is not supported by this build yet"));
    }

    @Test
    void reportsHoconSyntaxErrorsWithTheirLine() {
        String message = errorsOf("mail {\n  timeout = 5s\n  servers {\n}\n");
        assertThat(message).startsWith(file + ":").doesNotContain(file + ": " + file);
        ConfigException e = assertThrows(ConfigException.class, () -> fixture.load("mail {\n  timeout = [1,\n}\n"));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(file);
            assertThat(p.line()).isEqualTo(3);
        });
    }

    @Test
    void reportsUnresolvedSubstitutionsWithTheirLine() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> fixture.load("mail {\n  server_name = ${POSTERN_NO_SUCH_VARIABLE}\n}\n"));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(file);
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.message()).contains("POSTERN_NO_SUCH_VARIABLE");
        });
    }

    @Test
    void reportsProblemsInIncludedFilesAtTheirOwnFile() {
        fixture.write("servers.conf", "mail.servers.imap {\n  listen = 143\n  max_errors = many\n}\n");
        assertThat(errorsOf("include \"servers.conf\"\n"))
                .isEqualTo(fixture.path("servers.conf") + ":3: mail.servers.imap.max_errors: \"many\" (expected: a whole number)");
    }

    @Test
    void reportsAMissingFileWithoutALine() {
        assertThatThrownBy(() -> ConfigLoader.parse(dir.resolve("nope.conf"), dir))
                .isInstanceOf(ConfigException.class)
                .hasMessage("could not open configuration file \"" + fixture.path("nope.conf") + "\"");
    }

    @Test
    void smtpForbidBareNewlineIsAFlagNotPostfixsWords() {
        assertThat(errorsOf("mail {\n  xclient = off\n  smtp_forbid_bare_newline = normalize\n}\n"))
                .isEqualTo(file + ":3: mail.smtp_forbid_bare_newline: \"normalize\" (expected: on or off)");
    }

    @Test
    void acceptsOnlyOnAndOffAsFlags() {
        assertThat(errorsOf("mail.proxy_pass_error_message = yes\n"))
                .isEqualTo(file + ":1: mail.proxy_pass_error_message: \"yes\" (expected: on or off)");
    }

    @Test
    void resolverTakesNginxsFormsAndNamesTheWordItRefusesWithItsLine() throws Exception {
        fixture.load("mail {\n  resolver = \"127.0.0.53 [::1]:5353 valid=30s ipv6=off status_zone=dns\"\n"
                + "  resolver_timeout = 5s\n  servers.smtp.listen = 25\n}\n");
        assertThat(errorsOf("mail {\n  servers.smtp {\n    listen = 25\n    resolver = [127.0.0.1, dns.example]\n"
                + "  }\n}\n")).isEqualTo(file + ":4: mail.servers.smtp.resolver: \"dns.example\" (expected: a name "
                + "server's IP address with an optional port, such as 127.0.0.53 or [::1]:5353; host names are not resolved)");
        assertThat(errorsOf("mail {\n  resolver_timeout = 0\n  servers.smtp.listen = 25\n}\n"))
                .isEqualTo(file + ":2: mail.resolver_timeout: 0 (expected: > 0)");
    }
}
