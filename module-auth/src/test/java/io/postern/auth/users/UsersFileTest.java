package io.postern.auth.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postern.spi.UpstreamAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UsersFileTest {

    private static final Path FILE = Path.of("/etc/postern/users");
    private static final String EXPECTED = "(expected: login:{SCHEME}hash[:host:port[:login[:name=value ...]]])";

    private static UsersFile parse(String... lines) {
        return UsersFile.parse(FILE, List.of(lines));
    }

    @Test
    void readsUsersSkippingCommentsAndBlankLines() {
        UsersFile file = parse("# users", "", "   ", "alice:{PLAIN}a", "  # indented comment", "bob:{PLAIN}b\r");

        assertThat(file.users()).containsOnlyKeys("alice", "bob");
        assertThat(file.users().get("bob").line()).isEqualTo(6);
        assertThat(file.users().get("bob").password().matches("b")).isTrue();
        assertThat(file.plainCount()).isEqualTo(2);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "alice:{PLAIN}a|-|-",
        "alice:{PLAIN}a:|-|-",
        "alice:{PLAIN}a:10.0.0.5:143|10.0.0.5:143|-",
        "alice:{PLAIN}a:mail.example.com:1143:alice@example.com|mail.example.com:1143|alice@example.com",
        "alice:{PLAIN}a:[2001:db8::25]:143|[2001:db8::25]:143|-",
        "alice:{PLAIN}a:[::1]:993:al|[::1]:993|al",
        "alice:{PLAIN}a::alice@backend|-|alice@backend",
    })
    void readsEveryUpstreamForm(String line, String upstream, String upstreamLogin) {
        UserEntry entry = parse(line).users().get("alice");

        assertThat(entry.upstream().map(UpstreamAddress::toString)).isEqualTo(optional(upstream));
        assertThat(entry.upstreamLogin()).isEqualTo(optional(upstreamLogin));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "alice:{PLAIN}a:::group=staff,readonly quota_class=gold|-|-",
        "alice:{PLAIN}a:10.0.0.5:143::group=staff,readonly  quota_class=gold|10.0.0.5:143|-",
        "alice:{PLAIN}a:[::1]:993:al:group=staff,readonly quota_class=gold|[::1]:993|al",
    })
    void readsExtraFieldsAsAttributesAfterTheUpstreamLogin(String line, String upstream, String upstreamLogin) {
        UserEntry entry = parse(line).users().get("alice");

        assertThat(entry.attributes()).containsExactly(Map.entry("group", "staff,readonly"),
                Map.entry("quota_class", "gold"));
        assertThat(entry.upstream().map(UpstreamAddress::toString)).isEqualTo(optional(upstream));
        assertThat(entry.upstreamLogin()).isEqualTo(optional(upstreamLogin));
    }

    @Test
    void keepsTheIpv6LiteralWithoutBrackets() {
        UserEntry entry = parse("alice:{PLAIN}a:[2001:db8::25]:143").users().get("alice");

        assertThat(entry.upstream()).contains(new UpstreamAddress("2001:db8::25", 143));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "bob|3: \"bob\" " + EXPECTED,
        ":{PLAIN}x|3: \"\" " + EXPECTED,
        "bob:secret|3: \"bob:…\": password without {SCHEME} " + EXPECTED,
        "bob:{MD5}abc|3: \"bob:…\": unknown scheme \"{MD5}\" (expected: one of " + PasswordHash.SCHEMES + ")",
        "bob:{BLF-CRYPT}nope|3: \"bob:…\": {BLF-CRYPT} value is not a bcrypt hash",
        "bob:{PLAIN}x:mailhost|3: \"mailhost\" is not host:port " + EXPECTED,
        "bob:{PLAIN}x:mailhost:imap|3: \"mailhost:imap\": port \"imap\" is not a number " + EXPECTED,
        "bob:{PLAIN}x:mailhost:70000|3: \"mailhost:70000\": port: 70000 (expected: 1-65535)",
        "bob:{PLAIN}x:[2001:db8::25:143|3: \"[2001:db8::25:143\" is not host:port " + EXPECTED,
        "bob:{PLAIN}x:[mailhost]:143|3: \"[mailhost]\" is not an IPv6 address " + EXPECTED,
        "bob:{PLAIN}x:2001:db8::25:143|3: \"2001:db8::25:143\": port \"db8\" is not a number " + EXPECTED,
        "bob:{PLAIN}x:h:143:bob:extra|3: extra field \"extra\" is not name=value " + EXPECTED,
        "bob:{PLAIN}x:::group=a group=b|3: extra field \"group\" is given twice " + EXPECTED,
        "bob:{PLAIN}x:::=a|3: extra field \"=a\" is not name=value " + EXPECTED,
    })
    void namesFileLineAndExpectationForEveryBadLine(String line, String message) {
        assertThatThrownBy(() -> parse("# users", "alice:{PLAIN}a", line))
                .isInstanceOf(IllegalArgumentException.class)
                .message().startsWith("auth_users: " + FILE + ":" + message);
    }

    @Test
    void neverQuotesThePasswordOfABadLine() {
        assertThatThrownBy(() -> parse("bob:{PLAIN}hunter2:mailhost:notaport"))
                .message().doesNotContain("hunter2");
        assertThatThrownBy(() -> parse("bob:hunter2"))
                .message().doesNotContain("hunter2");
    }

    @Test
    void namesBothLinesOfADuplicateLogin() {
        assertThatThrownBy(() -> parse("bob:{PLAIN}a", "alice:{PLAIN}b", "bob:{PLAIN}c"))
                .hasMessage("auth_users: " + FILE + ":3: duplicate login \"bob\" (first at line 1)");
    }

    @Test
    void namesAFileThatCannotBeRead() {
        assertThatThrownBy(() -> UsersFile.read(Path.of("/nonexistent/users")))
                .hasMessageStartingWith("auth_users: /nonexistent/users: cannot be read");
    }

    private static Optional<String> optional(String value) {
        return value.equals("-") ? Optional.empty() : Optional.of(value);
    }
}
