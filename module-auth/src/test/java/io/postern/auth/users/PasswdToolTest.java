package io.postern.auth.users;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PasswdToolTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String input, String... args) throws Exception {
        return PasswdTool.run(args, PasswdTool.lines(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8))),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private UserEntry printedLine() {
        String line = out.toString(StandardCharsets.UTF_8).strip();
        return UsersFile.parseLine(line, 1);
    }

    @Test
    void printsABcryptLineThatTheUsersFileAccepts() throws Exception {
        assertThat(run("n3w pässword\nn3w pässword\n", "alice")).isZero();

        UserEntry entry = printedLine();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("alice:{BLF-CRYPT}$2y$10$");
        assertThat(entry.password().matches("n3w pässword")).isTrue();
        assertThat(entry.password().matches("n3w password")).isFalse();
    }

    @Test
    void printsASha512CryptLineOnRequest() throws Exception {
        assertThat(run("pw\npw\n", "-s", "sha512-crypt", "bob")).isZero();

        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("bob:{SHA512-CRYPT}$6$");
        assertThat(printedLine().password().matches("pw")).isTrue();
    }

    @Test
    void refusesPasswordsThatDifferOrAreMissing() throws Exception {
        assertThat(run("one\ntwo\n", "bob")).isEqualTo(1);
        assertThat(run("one\n", "bob")).isEqualTo(1);
        assertThat(out.size()).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("one").doesNotContain("two");
    }

    @Test
    void explainsItsUsage() throws Exception {
        for (List<String> args : List.of(List.<String>of(), List.of("-s", "MD5", "bob"), List.of("a:b"))) {
            err.reset();
            assertThat(run("", args.toArray(String[]::new))).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("usage: PasswdTool");
        }
    }
}
