package io.postern.rewrite.rule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What every protocol's rules share: globs, audiences, capability edits, replacements. */
class RuleTest {

    @Test
    void globsMatchWithoutCaseAndStarForAnyText() {
        assertThat(Glob.of("*@Legacy.example").matches("bob@legacy.EXAMPLE")).isTrue();
        assertThat(Glob.of("*@legacy.example").matches("bob@legacy.example.org")).isFalse();
        assertThat(Glob.of("AUTH=*").matches("auth=PLAIN")).isTrue();
        assertThat(Glob.of("a.b").matches("aXb")).as("a dot is a dot").isFalse();
        assertThat(Glob.of("*").matches("")).isTrue();
    }

    @Test
    void anAudienceNeedsEveryLimitItGives() {
        Audience audience = new Audience(List.of(Glob.of("*@example.com")), Set.of("ReadOnly"), Set.of("imap"));
        assertThat(audience.includes(new Who("a@example.com", Set.of("readonly"), "imap"))).isTrue();
        assertThat(audience.includes(new Who("a@example.com", Set.of("readonly"), "imaps"))).isFalse();
        assertThat(audience.includes(new Who("a@example.org", Set.of("readonly"), "imap"))).isFalse();
        assertThat(audience.includes(new Who("a@example.com", Set.of(), "imap"))).isFalse();
        assertThat(Audience.EVERYONE.includes(new Who("", Set.of(), "x"))).isTrue();
    }

    @Test
    void editsCapabilitiesByNameOrWholeLineAndAddsOnlyWhatIsMissing() {
        CapabilityEdit edit = new CapabilityEdit("e", Audience.EVERYONE, List.of(Glob.of("SIZE"), Glob.of("SASL PLAIN")),
                List.of("SIZE 1000", "PIPELINING"));
        assertThat(edit.apply(List.of("PIPELINING", "SIZE 52428800", "SASL PLAIN", "SASL LOGIN")))
                .containsExactly("PIPELINING", "SASL LOGIN", "SIZE 1000");
    }

    @ParameterizedTest(name = "{0} / {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "(a)(b)|$2$1|",
        "(?<user>[^@]+)@x|${user}@y|",
        "a|\\$5|",
        "(a)|$2|$2 but the expression has 1 capture",
        "a|$1|$1 but the expression has 0 captures",
        "a|${who}|no capture named \"who\" in the expression",
        "a|x$|a $ at the end names no capture (write \\$ for a dollar sign)",
        "a|x\\|a \\ at the end escapes nothing",
        "a|$x|$ must be followed by a capture number or {name} (write \\$ for a dollar sign)",
    })
    void checksReplacementsBeforeAnySessionMeetsThem(String match, String replace, String problem) {
        assertThat(TextRewrite.check(Pattern.compile(match), replace).orElse(null)).isEqualTo(problem);
    }

    @Test
    void answersTheSameTextWhenNothingChanges() {
        TextRewrite rewrite = new TextRewrite(Pattern.compile("(\\d+)"), "$1");
        String text = "12 34";
        assertThat(rewrite.apply(text)).isSameAs(text);
        assertThat(new TextRewrite(Pattern.compile("colou?r"), "hue").apply("colour and color")).isEqualTo("hue and hue");
    }
}
