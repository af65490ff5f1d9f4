package io.postern.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.pop3.Pop3Command.Verb;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** nginx's POP3 command grammar ({@code ngx_mail_pop3_parse_command}). */
class Pop3CommandTest {

    private static Pop3Command parsed(String line) {
        Optional<Pop3Command> command = Pop3Command.parse(line);
        assertThat(command).as(line).isPresent();
        return command.get();
    }

    @Test
    void readsFourLetterVerbsInAnyCase() {
        assertThat(parsed("capa").verb()).isEqualTo(Verb.CAPA);
        assertThat(parsed("StLs").verb()).isEqualTo(Verb.STLS);
        assertThat(parsed("NOOP").arguments()).isEmpty();
    }

    @Test
    void keepsSpacesInsideTheUserAndPassArgument() {
        assertThat(parsed("USER   John Smith ").arguments()).containsExactly("John Smith ");
        assertThat(parsed("PASS a  b").arguments()).containsExactly("a  b");
        assertThat(parsed("PASS   ").arguments()).isEmpty();
    }

    @Test
    void splitsOtherArgumentsOnRunsOfSpaces() {
        assertThat(parsed("APOP  bob   0123").arguments()).containsExactly("bob", "0123");
        assertThat(parsed("AUTH PLAIN AGJvYgBwdw==").arguments()).isEqualTo(List.of("PLAIN", "AGJvYgBwdw=="));
    }

    @Test
    void refusesWhatNginxRefuses() {
        for (String line : List.of("", " NOOP", "NOP", "NOOPS", "RETR 1", "NO0P", "NOOP a b c d", "USER a\rb",
                "PASS a\0b", "USER\tbob")) {
            assertThat(Pop3Command.parse(line)).as("\"" + line + "\"").isEmpty();
        }
    }

    @Test
    void neverPrintsArguments() {
        assertThat(parsed("PASS secret").toString()).doesNotContain("secret");
    }
}
