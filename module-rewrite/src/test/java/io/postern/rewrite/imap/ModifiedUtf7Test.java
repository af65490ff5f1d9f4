package io.postern.rewrite.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ModifiedUtf7Test {

    @ParameterizedTest(name = "{1} <-> {0}")
    @CsvSource(delimiter = '|', value = {
        // RFC 3501 section 5.1.3's example, and the classic ones of RFC 2152 in IMAP's form
        "~peter/mail/&U,BTFw-/&ZeVnLIqe-|~peter/mail/\u53f0\u5317/\u65e5\u672c\u8a9e",
        "&Jjo-!|\u263a!",
        "Hi Mom -&Jjo--!|Hi Mom -\u263a-!",
        "&-|&",
        "Tom &- Jerry|Tom & Jerry",
        "Entw&APw-rfe|Entw\u00fcrfe",
        "&AMk-l&AOk-ments envoy&AOk-s|\u00c9l\u00e9ments envoy\u00e9s",
        "&2D3eAA-|\ud83d\ude00",
        "INBOX.Sent|INBOX.Sent",
        "&BB4EQgQ,BEAEMAQyBDsENQQ9BD0ESwQ1-|\u041e\u0442\u043f\u0440\u0430\u0432\u043b\u0435\u043d\u043d\u044b\u0435",
    })
    void decodesAndEncodesTheCanonicalSpelling(String wire, String name) {
        assertThat(ModifiedUtf7.decode(wire)).hasValue(name);
        assertThat(ModifiedUtf7.encode(name)).isEqualTo(wire);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "&Jjo",          // shift never closed
        "&",             // a lone ampersand
        "&Jj-",          // bits left over that are not zero
        "&A-",           // six bits make no character
        "&Jj*-",         // not in the alphabet
        "&Jjo/-",        // "/" is UTF-7's, not IMAP's (which uses ",")
        "caf\u00e9",     // raw 8-bit
        "tab\there",     // a control character
        "&2D0-",         // a high surrogate alone
        "&3gA-",         // a low surrogate alone
    })
    void refusesWhatIsNotModifiedUtf7(String wire) {
        assertThat(ModifiedUtf7.decode(wire)).isEmpty();
        assertThat(ModifiedUtf7.decodeLenient(wire)).isEmpty();
    }

    @Test
    void leniencyAcceptsOtherSpellingsOfTheSameNameThatStrictDecodingRefuses() {
        // INBOX spelled in base64, and two adjacent shifts that should have been one
        assertThat(ModifiedUtf7.decodeLenient("&AEkATgBCAE8AWA-")).hasValue("INBOX");
        assertThat(ModifiedUtf7.decode("&AEkATgBCAE8AWA-")).isEmpty();
        assertThat(ModifiedUtf7.decodeLenient("&AOk-&AOk-")).hasValue("\u00e9\u00e9");
        assertThat(ModifiedUtf7.decode("&AOk-&AOk-")).isEmpty();
        assertThat(ModifiedUtf7.encode("\u00e9\u00e9")).isEqualTo("&AOkA6Q-");
    }

    @Test
    void roundTripsRandomNames() {
        Random random = new Random(5);
        int[] pool = {'a', 'Z', '0', '&', '-', ' ', '.', '/', '~', 0xe9, 0x263a, 0x53f0, 0x1f600, 0x10ffff};
        for (int n = 0; n < 2000; n++) {
            StringBuilder name = new StringBuilder();
            int length = random.nextInt(12);
            for (int i = 0; i < length; i++) {
                name.appendCodePoint(pool[random.nextInt(pool.length)]);
            }
            String wire = ModifiedUtf7.encode(name.toString());
            assertThat(wire.chars()).allMatch(c -> c >= 0x20 && c <= 0x7e);
            assertThat(ModifiedUtf7.decode(wire)).as(wire).hasValue(name.toString());
        }
    }
}
