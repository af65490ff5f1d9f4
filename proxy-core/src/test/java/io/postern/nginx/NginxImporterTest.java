package io.postern.nginx;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code import-nginx}: an nginx mail block as Postern's HOCON, and a warning for each thing dropped. */
class NginxImporterTest {

    @TempDir
    Path dir;

    private NginxImporter.Result convert(String nginx) throws Exception {
        return NginxImporter.convert(Files.writeString(dir.resolve("nginx.conf"), nginx));
    }

    private static Config parse(NginxImporter.Result result) {
        return ConfigFactory.parseString(result.hocon()).resolve();
    }

    @Test
    void keepsMailLevelDirectivesAtMailLevelAndNamesEachServer() throws Exception {
        Config config = parse(convert("""
                mail {
                    server_name  mail.example.com;
                    auth_http    127.0.0.1:9000/auth;
                    imap_auth    plain login;
                    timeout      5s;
                    server { listen 143; }
                    server { listen 127.0.0.1:10143; protocol imap; timeout 1m; }
                    server { server_name mx.example.com; listen [::1]:25; }
                }
                """));

        assertThat(config.getString("mail.server_name")).isEqualTo("mail.example.com");
        assertThat(config.getStringList("mail.imap_auth")).containsExactly("plain", "login");
        assertThat(config.getString("mail.timeout")).isEqualTo("5s");
        assertThat(config.getString("mail.proxy_connect_timeout")).isEqualTo("5s"); // nginx's timeout covers the connect
        assertThat(config.getObject("mail.servers").keySet())
                .containsExactlyInAnyOrder("imap-143", "imap-10143", "mx-example-com-smtp-25");
        assertThat(config.getString("mail.servers.imap-143.protocol")).isEqualTo("imap"); // inferred, written out
        assertThat(config.getString("mail.servers.imap-10143.timeout")).isEqualTo("1m");
        assertThat(config.getString("mail.servers.imap-10143.proxy_connect_timeout")).isEqualTo("1m");
        assertThat(config.hasPath("mail.servers.imap-143.timeout")).isFalse();
        assertThat(config.getString("mail.servers.mx-example-com-smtp-25.listen")).isEqualTo("[::1]:25");
    }

    @Test
    void keepsTheAuthRequestToPosternsDefaultsWhichAreNginxs() throws Exception {
        NginxImporter.Result result = convert("mail {\n auth_http http://auth/x;\n auth_http_header X-Auth-Key \"s3 cr3t\";\n"
                + " auth_http_header X-Auth-Key again;\n server { listen 110; }\n}\n");
        Config config = parse(result);

        assertThat(config.getString("mail.auth_http")).isEqualTo("http://auth/x");
        assertThat(config.getString("mail.auth_http_header.X-Auth-Key")).isEqualTo("s3 cr3t");
        assertThat(config.hasPath("mail.auth_http_keepalive")).isFalse();
        assertThat(config.hasPath("mail.auth_http_extra_headers")).isFalse();
        assertThat(result.warnings()).extracting(ImportWarning::toString).containsExactly(dir.resolve("nginx.conf")
                + ":4: dropped this \"auth_http_header X-Auth-Key\": Postern sends one value per header name, "
                + "the first one written");
    }

    @Test
    void keepsTheListenParametersPosternKnowsAndWarnsAboutTheOthers() throws Exception {
        NginxImporter.Result result = convert("""
                mail {
                    server {
                        listen 0.0.0.0:993 ssl backlog=128 rcvbuf=64k sndbuf=64k bind ipv6only=on proxy_protocol;
                        listen 127.0.0.1:1993 so_keepalive=30m::10 multipath;
                        listen unix:/run/imap.sock;
                        protocol imap;
                    }
                }
                """);

        assertThat(parse(result).getStringList("mail.servers.imap-993.listen")).containsExactly(
                "0.0.0.0:993 ssl backlog=128 rcvbuf=64k sndbuf=64k bind ipv6only=on proxy_protocol",
                "127.0.0.1:1993 so_keepalive=30m::10");
        assertThat(result.warnings()).extracting(ImportWarning::toString).containsExactly(
                dir.resolve("nginx.conf") + ":4: dropped the listen parameter \"multipath\" of \"127.0.0.1:1993\": not supported",
                dir.resolve("nginx.conf") + ":5: dropped \"listen unix:/run/imap.sock\": unix sockets are not supported");
    }

    @Test
    void warnsOncePerIgnoredBlockAndOnceForTheProcessDirectivesNamingFileAndLine() throws Exception {
        NginxImporter.Result result = convert("""
                user nginx;
                worker_processes auto;
                events { worker_connections 1024; }
                http { server { listen 80; } }
                mail {
                    ssl_protocols SSLv3 TLSv1.2;
                    frobnicate on;
                    server { listen 25; listen 25; }
                }
                stream { }
                """);
        String file = dir.resolve("nginx.conf").toString();

        assertThat(result.warnings()).extracting(ImportWarning::toString).containsExactly(
                file + ":1: ignored nginx's process directives (user, worker_processes): Postern's own "
                        + "(event_loop_threads, pid, shutdown_timeout, and logging in conf/logback.xml) are set by hand",
                file + ":3: ignored the \"events\" block: Postern is a mail proxy only",
                file + ":4: ignored the \"http\" block: Postern is a mail proxy only",
                file + ":6: dropped \"SSLv3\" from \"ssl_protocols\": not supported by the JDK",
                file + ":7: dropped \"frobnicate\": not a directive of nginx's mail modules",
                file + ":10: ignored the \"stream\" block: Postern is a mail proxy only");
        assertThat(parse(result).getStringList("mail.ssl_protocols")).containsExactly("TLSv1.2");
        assertThat(parse(result).getStringList("mail.servers.smtp-25.listen")).containsExactly("25", "25");
    }

    @Test
    void makesRelativeFileNamesAbsoluteAgainstNginxsConfDirectory() throws Exception {
        Config config = parse(convert("mail {\n ssl_certificate certs/a.pem;\n ssl_certificate /etc/b.pem;\n"
                + " ssl_certificate_key certs/a.key;\n server { listen 993 ssl; }\n}\n"));

        assertThat(config.getStringList("mail.ssl_certificate"))
                .containsExactly(dir.resolve("certs/a.pem").toString(), "/etc/b.pem");
        assertThat(config.getString("mail.ssl_certificate_key")).isEqualTo(dir.resolve("certs/a.key").toString());
    }

    @Test
    void writesCapabilitiesAsOneListEntryPerArgument() throws Exception {
        Config config = parse(convert("mail {\n smtp_capabilities \"SIZE 52428800\" 8BITMIME \"true\";\n"
                + " server { listen 587; }\n}\n"));

        assertThat(config.getStringList("mail.smtp_capabilities")).containsExactly("SIZE 52428800", "8BITMIME", "true");
    }

    @Test
    void keepsTheOpenSslCommandsTheJdkHonoursAndDropsTheOthers() throws Exception {
        NginxImporter.Result result = convert("""
                mail {
                    ssl_conf_command Options SessionTicket;
                    ssl_conf_command Options -ServerPreference;
                    ssl_conf_command Certificate override.crt;
                    ssl_conf_command MaxProtocol TLSv1.2;
                    server { listen 993 ssl; }
                }
                """);

        assertThat(parse(result).getConfig("mail.ssl_conf_command").root().unwrapped())
                .containsOnly(Map.entry("Options", "SessionTicket,-ServerPreference"), Map.entry("MaxProtocol", "TLSv1.2"));
        assertThat(result.warnings()).extracting(ImportWarning::toString).containsExactly(dir.resolve("nginx.conf")
                + ":4: dropped \"ssl_conf_command Certificate override.crt\": not supported with the JDK's TLS (Postern"
                + " honours Ciphersuites, MinProtocol, MaxProtocol, Groups, Curves and the Options ServerPreference and"
                + " SessionTicket)");
    }

    @Test
    void writesErrorLogsAsListsOfNginxArgumentsDroppingSyslog() throws Exception {
        NginxImporter.Result result = convert("""
                mail {
                    error_log /var/log/postern/mail.log info;
                    server {
                        listen 143;
                        error_log stderr;
                        error_log syslog:server=127.0.0.1:514 info;
                    }
                }
                """);

        Config config = parse(result);
        assertThat(config.getString("mail.error_log")).isEqualTo("/var/log/postern/mail.log info");
        assertThat(config.getString("mail.servers.imap-143.error_log")).isEqualTo("stderr");
        assertThat(result.warnings()).extracting(ImportWarning::toString).containsExactly(dir.resolve("nginx.conf")
                + ":6: dropped \"error_log syslog:server=127.0.0.1:514\": not supported by Postern (conf/logback.xml"
                + " can send lines to syslog)");
    }

    @Test
    void convertsAConfigurationUsingEverySupportedDirectiveWithoutDroppingAny() throws Exception {
        Path file = Path.of(getClass().getResource("/io/postern/nginx/every-directive.conf").toURI());
        List<String> used = new ArrayList<>();
        collectNames(NginxConfigReader.read(file), used);

        assertThat(used).containsAll(NginxDirectives.all().stream()
                .filter(d -> d.status() != NginxDirective.Status.UNSUPPORTED).map(NginxDirective::name).toList());
        assertThat(NginxImporter.convert(file).warnings()).extracting(ImportWarning::message)
                .allMatch(m -> m.startsWith("ignored nginx's process directives") || m.startsWith("ignored the \"events\""));
    }

    private static void collectNames(List<NginxStatement> statements, List<String> names) {
        for (NginxStatement s : statements) {
            names.add(s.name());
            if (s.isBlock()) {
                collectNames(s.block(), names);
            }
        }
    }
}
