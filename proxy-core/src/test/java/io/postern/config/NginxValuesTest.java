package io.postern.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NginxValuesTest {

    @ParameterizedTest
    @CsvSource({
        "500ms, 500", "30s, 30000", "5m, 300000", "2h, 7200000", "1d, 86400000", "1w, 604800000",
        "1M, 2592000000", "1y, 31536000000", "1h30m, 5400000", "1h 30m, 5400000", "90, 90000",
        "1m30, 90000", "1s500ms, 1500", "0, 0", "0s, 0"
    })
    void parsesNginxTimes(String written, long millis) {
        assertThat(NginxValues.duration(written)).isEqualTo(Duration.ofMillis(millis));
    }

    @Test
    void takesHoconNumbersAsSeconds() {
        assertThat(NginxValues.duration(60)).isEqualTo(Duration.ofSeconds(60));
        assertThat(NginxValues.duration(60L)).isEqualTo(Duration.ofSeconds(60));
        assertThat(NginxValues.duration(2.0)).isEqualTo(Duration.ofSeconds(2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "-1s", "1x", "30m1h", "1h1h", "s", "1.5s", "ms", "5 m", "99999999999999999999y"})
    void rejectsMalformedTimes(String written) {
        assertThatThrownBy(() -> NginxValues.duration(written))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(NginxValues.quote(written) + " (expected: a duration such as 500ms, 60s, 5m, 24h)");
    }

    @Test
    void rejectsNegativeAndFractionalNumbersAsTimes() {
        assertThatThrownBy(() -> NginxValues.duration(-1)).hasMessage("-1 (expected: a duration such as 500ms, 60s, 5m, 24h)");
        assertThatThrownBy(() -> NginxValues.duration(1.5)).hasMessage("1.5 (expected: a duration such as 500ms, 60s, 5m, 24h)");
        assertThatThrownBy(() -> NginxValues.duration(true)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({"512, 512", "4k, 4096", "4K, 4096", "1m, 1048576", "1M, 1048576", "1g, 1073741824", "1G, 1073741824", "0, 0"})
    void parsesNginxSizes(String written, long bytes) {
        assertThat(NginxValues.size(written)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "4kb", "-1", "1.5k", "k", "4 k", "1t", "99999999999999g"})
    void rejectsMalformedSizes(String written) {
        assertThatThrownBy(() -> NginxValues.size(written))
                .hasMessage(NginxValues.quote(written) + " (expected: a size such as 512, 4k, 1m)");
    }

    @Test
    void takesHoconNumbersAsBytes() {
        assertThat(NginxValues.size(512)).isEqualTo(512);
        assertThatThrownBy(() -> NginxValues.size(-5)).hasMessage("-5 (expected: a size such as 512, 4k, 1m)");
    }

    @Test
    void acceptsOnOffAndBooleansOnlyAsFlags() {
        assertThat(NginxValues.flag("on")).isTrue();
        assertThat(NginxValues.flag("OFF")).isFalse();
        assertThat(NginxValues.flag(true)).isTrue();
        assertThat(NginxValues.flag("false")).isFalse();
        assertThatThrownBy(() -> NginxValues.flag("yes")).hasMessage("\"yes\" (expected: on or off)");
        assertThatThrownBy(() -> NginxValues.flag(1)).hasMessage("1 (expected: on or off)");
    }

    @Test
    void parsesWholeNumbers() {
        assertThat(NginxValues.integer(5)).isEqualTo(5);
        assertThat(NginxValues.integer("-3")).isEqualTo(-3);
        assertThat(NginxValues.integer(7.0)).isEqualTo(7);
        assertThatThrownBy(() -> NginxValues.integer(7.5)).hasMessage("7.5 (expected: a whole number)");
        assertThatThrownBy(() -> NginxValues.integer("five")).hasMessage("\"five\" (expected: a whole number)");
    }

    @Test
    void takesOneStringOrAListAsStringList() {
        assertThat(NginxValues.stringList("plain")).containsExactly("plain");
        assertThat(NginxValues.stringList(List.of("a", 143))).containsExactly("a", "143");
        assertThatThrownBy(() -> NginxValues.stringList(List.of(List.of("x"))))
                .hasMessage("[[\"x\"]] (expected: a string or a list of strings)");
        assertThatThrownBy(() -> NginxValues.stringList(Map.of("a", "b"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void comparesWordsCaseInsensitivelyAndLowerCasesThem() {
        assertThat(NginxValues.oneOf("CRAM-MD5", List.of("plain", "cram-md5"))).isEqualTo("cram-md5");
        assertThatThrownBy(() -> NginxValues.oneOf("gssapi", List.of("plain", "login")))
                .hasMessage("\"gssapi\" (expected: one of plain, login)");
    }

    @Test
    void readsBlocksOfStrings() {
        assertThat(NginxValues.object(Map.of("X-Auth-Key", "s3cr3t", "X-N", 5))).containsEntry("X-Auth-Key", "s3cr3t").containsEntry("X-N", "5");
        assertThatThrownBy(() -> NginxValues.object("x")).hasMessage("\"x\" (expected: a block of name = value pairs)");
        assertThatThrownBy(() -> NginxValues.object(Map.of("a", List.of()))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void formatsInNginxFormsThatParseBack() {
        for (long millis : new long[] {0, 500, 1500, 60_000, 120_000, 90_000, 3_600_000, 86_400_000, 5_400_000}) {
            Duration d = Duration.ofMillis(millis);
            assertThat(NginxValues.duration(NginxValues.formatDuration(d))).isEqualTo(d);
        }
        assertThat(NginxValues.formatDuration(Duration.ofSeconds(60))).isEqualTo("60s");
        assertThat(NginxValues.formatDuration(Duration.ofHours(24))).isEqualTo("24h");
        assertThat(NginxValues.formatDuration(Duration.ofMillis(500))).isEqualTo("500ms");
        assertThat(NginxValues.formatSize(4096)).isEqualTo("4k");
        assertThat(NginxValues.formatSize(1 << 20)).isEqualTo("1m");
        assertThat(NginxValues.formatSize(1000)).isEqualTo("1000");
        assertThat(NginxValues.formatFlag(true)).isEqualTo("on");
    }
}
