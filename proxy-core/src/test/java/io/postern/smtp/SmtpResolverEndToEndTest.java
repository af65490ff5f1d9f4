package io.postern.smtp;

import static io.postern.smtp.SmtpTestSupport.PASSWORD;
import static io.postern.smtp.SmtpTestSupport.USER;
import static io.postern.smtp.SmtpTestSupport.plain;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.handler.codec.dns.DnsRecordType;
import io.postern.spi.AuthDecision;
import io.postern.spi.ClientHost;
import io.postern.testing.FakeDns;
import io.postern.testing.PosternFixture;
import io.postern.testing.ScriptClient;
import io.postern.testing.StaticAuthModule;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * {@code resolver}: the client's host, looked up before the greeting as nginx does, reaches
 * the AUTH phase (auth_http's {@code Client-Host}) and the upstream's {@code XCLIENT NAME=}
 * (nginx-tests' mail_resolver.t, with a scripted DNS server).
 */
class SmtpResolverEndToEndTest {

    private static final String CLIENT = "127.0.0.1";
    private static final String PTR = FakeDns.reverse(CLIENT);
    private static final String AUTH = "S: 220 .*\nC: AUTH PLAIN " + plain(USER, PASSWORD) + "\nS: 235 2\\.0\\.0 OK\n";

    @TempDir
    Path dir;

    private FakeDns dns;
    private FakeSmtpServer upstream;
    private PosternFixture postern;
    private final List<Optional<ClientHost>> authSaw = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        dns = FakeDns.start();
        upstream = new FakeSmtpServer();
    }

    @AfterEach
    void stop() throws Exception {
        if (postern != null) {
            postern.close();
        }
        upstream.close();
        dns.close();
    }

    /** Logs in with AUTH PLAIN through a Postern with {@code directives}; returns the upstream's XCLIENT line. */
    private String login(String directives) throws Exception {
        postern = SmtpTestSupport.start(dir, "xclient = on\n" + directives, request -> {
            authSaw.add(request.session().clientHost());
            return StaticAuthModule.answer(AuthDecision.acceptedTo(upstream.address()));
        });
        try (ScriptClient c = new ScriptClient(postern.address())) {
            c.run(AUTH);
        }
        return upstream.awaitCommands(2).get(1);
    }

    private String withResolver() {
        return "resolver = \"" + dns.address() + "\"\nresolver_timeout = 500ms";
    }

    @Test
    void aCheckedNameIsClientHostAndXclientName() throws Exception {
        dns.ptr(CLIENT, "mx.client.example").address("mx.client.example", CLIENT);

        assertThat(login(withResolver())).isEqualTo("XCLIENT ADDR=127.0.0.1 LOGIN=" + USER + " NAME=mx.client.example");
        assertThat(authSaw).containsExactly(Optional.of(new ClientHost.Name("mx.client.example")));
    }

    @Test
    void aNameWhoseForwardLookupDisagreesIsUnavailable() throws Exception {
        dns.ptr(CLIENT, "mx.client.example").address("mx.client.example", "192.0.2.9");

        assertThat(login(withResolver())).endsWith(" NAME=[UNAVAILABLE]");
        assertThat(authSaw).containsExactly(Optional.of(new ClientHost.Unavailable()));
    }

    @Test
    void aNameWithForbiddenCharactersIsTempunavailAndReachesNeitherTheUpstreamNorTheLog() throws Exception {
        String evil = "x\r\nRCPT TO:<victim@example.net> NAME=evil.example";
        dns.ptr(CLIENT, evil).address(evil, CLIENT);
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level level = root.getLevel();
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        root.addAppender(appender);
        root.setLevel(Level.DEBUG);
        try {
            assertThat(login(withResolver())).isEqualTo("XCLIENT ADDR=127.0.0.1 LOGIN=" + USER + " NAME=[TEMPUNAVAIL]");
        } finally {
            root.setLevel(level);
            root.detachAppender(appender);
        }
        assertThat(authSaw).containsExactly(Optional.of(new ClientHost.TempUnavailable()));
        assertThat(upstream.commands()).noneMatch(line -> line.contains("victim"));
        assertThat(appender.list).anyMatch(e -> e.getFormattedMessage().contains("resolved to invalid host name"));
        // Postern's own lines; Netty's DEBUG lines print DNS packets as they are (the shipped
        // logback.xml keeps io.netty at WARN).
        appender.list.stream().filter(e -> e.getLoggerName().startsWith("io.postern"))
                .forEach(e -> assertThat(e.getFormattedMessage()).doesNotContain("\r").doesNotContain("\n"));
    }

    @Test
    void aResolverThatDoesNotAnswerGivesTempunavailAfterResolverTimeout() throws Exception {
        dns.silent(PTR, DnsRecordType.PTR);

        assertThat(login(withResolver())).endsWith(" NAME=[TEMPUNAVAIL]");
        assertThat(authSaw).containsExactly(Optional.of(new ClientHost.TempUnavailable()));
    }

    @Test
    void withoutAResolverNothingIsAskedAndTheHostIsUnavailable() throws Exception {
        dns.ptr(CLIENT, "mx.client.example").address("mx.client.example", CLIENT);

        assertThat(login("resolver = off")).endsWith(" NAME=[UNAVAILABLE]");
        assertThat(authSaw).containsExactly(Optional.of(new ClientHost.Unavailable()));
        assertThat(dns.questions()).isEmpty();
    }

    @Test
    void whatTheClientSendsDuringTheLookupIsAnsweredAfterTheGreeting() throws Exception {
        dns.silent(PTR, DnsRecordType.PTR);
        postern = SmtpTestSupport.start(dir, withResolver(), request -> StaticAuthModule.answer(
                AuthDecision.acceptedTo(upstream.address())));
        try (ScriptClient c = new ScriptClient(postern.address())) {
            c.send("EHLO early.example\r\n");
            c.run("""
                    S: 220 postern\\.test ESMTP ready
                    S: 250-postern\\.test
                    S: 250 AUTH PLAIN LOGIN
                    """);
        }
    }
}
