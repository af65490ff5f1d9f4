package io.postern.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.postern.spi.Directive;
import io.postern.spi.DirectiveType;
import io.postern.spi.InvalidDirectiveException;
import io.postern.spi.Protocol;
import io.postern.spi.UpstreamAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SandboxSettingsTest {

    @Test
    void declaresItsDirectivesInTheMailBlockOnly() {
        assertThat(new SandboxModule().directives()).containsExactly(
                Directive.of("sandbox", DirectiveType.FLAG).mailBlockOnly(),
                Directive.of("sandbox_authenticate", DirectiveType.FLAG).mailBlockOnly(),
                Directive.of("sandbox_listen", DirectiveType.STRING).mailBlockOnly(),
                Directive.of("sandbox_imap_port", DirectiveType.INTEGER).mailBlockOnly(),
                Directive.of("sandbox_pop3_port", DirectiveType.INTEGER).mailBlockOnly(),
                Directive.of("sandbox_smtp_port", DirectiveType.INTEGER).mailBlockOnly(),
                Directive.of("sandbox_users", DirectiveType.STRING_LIST).mailBlockOnly());
    }

    @Test
    void referenceConfHasEveryDirectiveWithItsDefault() {
        final TestServerConfig mail = TestServerConfig.mail("");
        for (Directive directive : new SandboxModule().directives()) {
            assertThat(mail.has(directive.name())).as(directive.name()).isTrue();
        }
        assertThat(mail.flag("sandbox")).isFalse();
    }

    @Test
    void isOffByDefaultAndRegistersNothing() {
        final TestModuleContext context = new TestModuleContext(TestServerConfig.mail(""));
        final SandboxModule module = new SandboxModule();

        module.configure(context);
        module.start();

        assertThat(context.authenticators).isEmpty();
        assertThat(module.running()).isFalse();
        module.close();
    }

    @Test
    void ignoresItsOtherDirectivesWhenOff() {
        final SandboxSettings settings = SandboxSettings.from(
                TestServerConfig.mail("sandbox = off\nsandbox_imap_port = 0\nsandbox_users = [nonsense]"));

        assertThat(settings.enabled()).isFalse();
    }

    @Test
    void readsDefaultsWhenOn() {
        final SandboxSettings settings = SandboxSettings.from(TestServerConfig.mail("sandbox = on"));

        assertThat(settings.enabled()).isTrue();
        assertThat(settings.listen()).isEqualTo("127.0.0.1");
        assertThat(settings.imapPort()).isEqualTo(3143);
        assertThat(settings.pop3Port()).isEqualTo(3110);
        assertThat(settings.smtpPort()).isEqualTo(3025);
        assertThat(settings.users()).containsExactly(new SandboxUser("demo@localhost", "demo@localhost", "demo"));
    }

    @Test
    void acceptsNginxStyleOnAndOneUserAsAString() {
        final SandboxSettings settings = SandboxSettings.from(
                TestServerConfig.mail("sandbox = on\nsandbox_users = \"alice:pw\""));

        assertThat(settings.users()).extracting(SandboxUser::login).containsExactly("alice");
    }

    @Test
    void givesLoginsWithoutDomainAnAddressAtLocalhost() {
        final SandboxSettings settings = SandboxSettings.from(TestServerConfig.mail(
                "sandbox = on\nsandbox_users = [\"alice:pw\", \"bob@example.com:p:w\"]"));

        assertThat(settings.users()).containsExactly(
                new SandboxUser("alice", "alice@localhost", "pw"),
                new SandboxUser("bob@example.com", "bob@example.com", "p:w"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "demo        | sandbox_users: \"demo\" (expected: login:password)",
        "demo:       | sandbox_users: \"demo:\" (expected: login:password)",
        ":secret     | sandbox_users: \":…\" (expected: login:password)",
        "de mo:pw    | sandbox_users: \"de mo:…\" (expected: a login without spaces)",
    })
    void rejectsMalformedUserNamingTheDirective(String entry, String message) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> SandboxSettings.from(
                        TestServerConfig.mail("sandbox = on\nsandbox_users = [\"" + entry + "\"]")))
                .withMessageStartingWith(message)
                .withMessageNotContaining("secret");
    }

    @Test
    void givesTheCoreTheFileAndLineOfABadValue() {
        // The core puts "postern.conf:3: " in front; the message names the directive only once.
        assertThatExceptionOfType(InvalidDirectiveException.class)
                .isThrownBy(() -> SandboxSettings.from(TestServerConfig.mail("sandbox = on\nsandbox_users = [demo]")))
                .withMessage("sandbox_users: \"demo\" (expected: login:password)")
                .satisfies(e -> assertThat(e.origin()).isEqualTo("postern.conf:3"));
    }

    @Test
    void namesNoLocationForADefaultValue() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> SandboxSettings.from(TestServerConfig.mail("sandbox = on\nsandbox_smtp_port = 3143")))
                .withMessage("sandbox_smtp_port: 3143, 3110, 3143 (expected: sandbox_imap_port, sandbox_pop3_port"
                        + " and sandbox_smtp_port to differ)");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> SandboxSettings.from(TestServerConfig.mail("sandbox = on\nsandbox_pop3_port = 3025")))
                .withMessage("sandbox_smtp_port: 3143, 3025, 3025 (expected: sandbox_imap_port, sandbox_pop3_port"
                        + " and sandbox_smtp_port to differ)");
    }

    @Test
    void rejectsTheSameLoginTwice() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> SandboxSettings.from(
                        TestServerConfig.mail("sandbox = on\nsandbox_users = [\"a:one\", \"a:two\"]")))
                .withMessageStartingWith("sandbox_users: \"a:…\" (expected: each login once)")
                .withMessageNotContaining("one")
                .withMessageNotContaining("two");
    }

    @Test
    void rejectsNoUsers() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> SandboxSettings.from(TestServerConfig.mail("sandbox = on\nsandbox_users = []")))
                .withMessageStartingWith("sandbox_users: [] (expected: at least one login:password)");
    }

    @ParameterizedTest
    @CsvSource({
        "sandbox_imap_port, 0",
        "sandbox_pop3_port, 65536",
        "sandbox_smtp_port, -25",
    })
    void rejectsPortOutOfRange(String directive, long port) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> SandboxSettings.from(TestServerConfig.mail("sandbox = on\n" + directive + " = " + port)))
                .withMessageStartingWith(directive + ": " + port + " (expected: 1-65535)");
    }

    @Test
    void rejectsTwoServicesOnOnePort() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> SandboxSettings.from(TestServerConfig.mail("sandbox = on\nsandbox_pop3_port = 3143")))
                .withMessageStartingWith("sandbox_smtp_port: 3143, 3143, 3025 (expected: ");
    }

    @Test
    void rejectsAnEmptyListenAddress() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> SandboxSettings.from(TestServerConfig.mail("sandbox = on\nsandbox_listen = \" \"")))
                .withMessageStartingWith("sandbox_listen: \"\" (expected: an IP address or a host name)");
    }

    @Test
    void acceptsServersThatInheritTheMailBlocksValues() {
        final TestModuleContext context = new TestModuleContext(TestServerConfig.mail("sandbox = on"),
                TestServerConfig.server("imap", "protocol = imap", "sandbox = on"));

        new SandboxModule().configure(context);

        assertThat(context.authenticators).containsOnlyKeys("sandbox");
    }

    @ParameterizedTest
    @CsvSource({
        "127.0.0.1, 127.0.0.1",
        "0.0.0.0,   127.0.0.1",
        "'::',      ::1",
        "'[::1]',   ::1",
        "localhost, localhost",
    })
    void connectsToLoopbackWhenBoundToEveryInterface(String listen, String host) {
        final SandboxSettings settings = SandboxSettings.from(
                TestServerConfig.mail("sandbox = on\nsandbox_listen = \"" + listen + "\""));

        assertThat(settings.upstreamFor(Protocol.IMAP)).isEqualTo(new UpstreamAddress(host, 3143));
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3cr3t-Pa55", "p:w"})
    void neverPrintsAPassword(String password) {
        final SandboxSettings settings = SandboxSettings.from(
                TestServerConfig.mail("sandbox = on\nsandbox_users = [\"alice:" + password + "\"]"));

        assertThat(settings.toString()).contains("alice").doesNotContain(password);
        assertThat(settings.users().get(0).toString()).contains("alice").doesNotContain(password);
    }
}
