package io.postern.auth.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.dns.DnsRecordType;
import io.postern.auth.AuthModule;
import io.postern.auth.http.FakeAuthServer.Reply;
import io.postern.module.LoadedModule;
import io.postern.module.ModuleDescriptor;
import io.postern.spi.SpiVersion;
import io.postern.testing.FakeDns;
import io.postern.testing.PosternFixture;
import io.postern.testing.ScriptClient;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * nginx-tests' mail_resolver.t over the wire: with {@code smtp_auth none}, the auth server
 * answers with the {@code Client-Host} it was sent as its {@code Auth-Status}, which the client
 * then reads in the RCPT refusal, as nginx's test server does.
 */
class ClientHostEndToEndTest {

    private static final Pattern CLIENT_HOST = Pattern.compile("\r\nClient-Host: ([^\r\n]*)\r\n");

    @TempDir
    Path dir;

    private FakeDns dns;
    private FakeAuthServer auth;
    private PosternFixture postern;

    @BeforeEach
    void start() throws Exception {
        dns = FakeDns.start();
        auth = new FakeAuthServer().respond(request -> {
            Matcher m = CLIENT_HOST.matcher(request);
            String host = m.find() ? m.group(1) : "no Client-Host";
            return Reply.close("HTTP/1.0 200 OK\r\nAuth-Status: " + host + "\r\n\r\n");
        });
    }

    @AfterEach
    void stop() throws Exception {
        if (postern != null) {
            postern.close();
        }
        auth.close();
        dns.close();
    }

    /** The RCPT answer of a {@code smtp_auth none} session, and checks the request's Client-IP and Client-Host. */
    private String rcptAnswer(String resolver) throws Exception {
        postern = PosternFixture.start(dir, """
                mail {
                  servers.smtp { protocol = smtp, listen = "127.0.0.1:0" }
                  smtp_auth = [none]
                  auth_http = "%s"
                  auth_throttle = off
                  resolver = %s
                  resolver_timeout = 500ms
                }
                """.formatted(auth.url(), resolver), LoadedModule.inProcess(new AuthModule(),
                new ModuleDescriptor("auth", "test", SpiVersion.current(), "test")));
        try (ScriptClient c = new ScriptClient(postern.address())) {
            c.run("S: 220 .*\nC: HELO client.example\nS: 250 .*\nC: MAIL FROM:<a@example.org>\nS: 250 .*");
            c.send("RCPT TO:<b@example.org>\r\n");
            return c.readLine();
        }
    }

    private String withFakeDns() {
        return "\"" + dns.address() + "\"";
    }

    @Test
    void aCheckedNameIsSentAsClientHost() throws Exception {
        dns.ptr("127.0.0.1", "mx.client.example").address("mx.client.example", "127.0.0.1");

        assertThat(rcptAnswer(withFakeDns())).isEqualTo("535 5.7.0 mx.client.example");
        assertThat(auth.requests()).singleElement().asString()
                .contains("\r\nClient-IP: 127.0.0.1\r\nClient-Host: mx.client.example\r\n");
    }

    @Test
    void aNameWhoseForwardLookupDisagreesIsUnavailable() throws Exception {
        dns.ptr("127.0.0.1", "mx.client.example").address("mx.client.example", "192.0.2.1");

        assertThat(rcptAnswer(withFakeDns())).isEqualTo("535 5.7.0 [UNAVAILABLE]");
    }

    @Test
    void aNameWithForbiddenCharactersIsTempunavailAndNeverSent() throws Exception {
        String evil = "x\r\nAuth-Status: OK\r\nAuth-Server: 192.0.2.66.example";
        dns.ptr("127.0.0.1", evil).address(evil, "127.0.0.1");

        assertThat(rcptAnswer(withFakeDns())).isEqualTo("535 5.7.0 [TEMPUNAVAIL]");
        assertThat(auth.requests()).singleElement().asString().doesNotContain("192.0.2.66", "Auth-Status");
    }

    @Test
    void aResolverThatDoesNotAnswerIsTempunavail() throws Exception {
        dns.silent(FakeDns.reverse("127.0.0.1"), DnsRecordType.PTR);

        assertThat(rcptAnswer(withFakeDns())).isEqualTo("535 5.7.0 [TEMPUNAVAIL]");
    }

    @Test
    void withoutAResolverClientHostIsUnavailable() throws Exception {
        assertThat(rcptAnswer("off")).isEqualTo("535 5.7.0 [UNAVAILABLE]");
        assertThat(dns.questions()).isEmpty();
    }
}
