package io.postern.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.spi.AuthDecision;
import io.postern.spi.AuthRequest;
import io.postern.spi.Authenticator;
import io.postern.spi.Credentials;
import io.postern.spi.Protocol;
import io.postern.spi.UpstreamAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class SandboxAuthenticatorTest {

    private static final String PASSWORD = "s3cr3t-Pa55";

    private final TestModuleContext context = new TestModuleContext(TestServerConfig.mail("""
            sandbox = on
            sandbox_imap_port = 4143
            sandbox_pop3_port = 4110
            sandbox_smtp_port = 4025
            sandbox_users = ["demo@localhost:demo", "alice:%s"]
            """.formatted(PASSWORD)));

    private Authenticator authenticator() {
        if (context.authenticators.isEmpty()) {
            new SandboxModule().configure(context);
        }
        assertThat(context.authenticators).containsOnlyKeys("sandbox");
        return context.authenticators.get("sandbox");
    }

    private AuthDecision decide(Protocol protocol, Credentials credentials) {
        return authenticator().authenticate(new AuthRequest(new TestSession(protocol), credentials, 1))
                .toCompletableFuture().join();
    }

    @ParameterizedTest
    @CsvSource({"IMAP, 4143", "POP3, 4110", "SMTP, 4025"})
    void acceptsAGoodPasswordAndSendsTheUserToTheServerOfItsProtocol(Protocol protocol, int port) {
        final AuthDecision decision = decide(protocol, new Credentials.Plain("alice", PASSWORD));

        assertThat(decision).isInstanceOfSatisfying(AuthDecision.Accepted.class, accepted -> {
            assertThat(accepted.upstream()).contains(new UpstreamAddress("127.0.0.1", port));
            // The upstream gets the client's own login and password: GreenMail knows them.
            assertThat(accepted.upstreamLogin()).isEmpty();
            assertThat(accepted.upstreamPassword()).isEmpty();
        });
    }

    @Test
    void acceptsTheDemoUser() {
        assertThat(decide(Protocol.IMAP, new Credentials.Plain("demo@localhost", "demo")))
                .isInstanceOf(AuthDecision.Accepted.class);
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void declinesAWrongPassword(Protocol protocol) {
        assertThat(decide(protocol, new Credentials.Plain("alice", PASSWORD + "x"))).isEqualTo(AuthDecision.declined());
        assertThat(decide(protocol, new Credentials.Plain("alice", ""))).isEqualTo(AuthDecision.declined());
        assertThat(decide(protocol, new Credentials.Plain("alice", "demo"))).isEqualTo(AuthDecision.declined());
    }

    @Test
    void declinesAnUnknownUserSoAnotherAuthenticatorMayDecide() {
        assertThat(decide(Protocol.IMAP, new Credentials.Plain("mallory", PASSWORD))).isEqualTo(AuthDecision.declined());
        // Logins are matched exactly, as GreenMail matches them.
        assertThat(decide(Protocol.IMAP, new Credentials.Plain("Alice", PASSWORD))).isEqualTo(AuthDecision.declined());
    }

    @Test
    void declinesCredentialsWithoutAClearTextPassword() {
        assertThat(decide(Protocol.IMAP, new Credentials.CramMd5("alice", "<1.2@x>", "00ff")))
                .isEqualTo(AuthDecision.declined());
        assertThat(decide(Protocol.POP3, new Credentials.Apop("alice", "<1.2@x>", "00ff")))
                .isEqualTo(AuthDecision.declined());
        assertThat(decide(Protocol.SMTP, new Credentials.External("alice"))).isEqualTo(AuthDecision.declined());
    }

    @Test
    void answersAtOnceWithoutBlocking() {
        assertThat(authenticator().authenticate(new AuthRequest(new TestSession(Protocol.IMAP),
                new Credentials.Plain("alice", PASSWORD), 1)).toCompletableFuture()).isCompleted();
    }

    @Test
    void neverPrintsOrLogsThePassword() {
        final StringBuilder printed = new StringBuilder();
        try (CapturedLogs logs = new CapturedLogs(org.slf4j.Logger.ROOT_LOGGER_NAME)) {
            final Authenticator authenticator = authenticator();
            printed.append(authenticator).append(decide(Protocol.IMAP, new Credentials.Plain("alice", PASSWORD)))
                    .append(decide(Protocol.IMAP, new Credentials.Plain("alice", "wrong")));
            printed.append(logs.lines());
        }

        assertThat(printed.toString()).contains("alice").doesNotContain(PASSWORD);
    }
}
