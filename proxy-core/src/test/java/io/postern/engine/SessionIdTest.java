package io.postern.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Session ids: eight lowercase hex digits at least, as {@code String.format("%08x", n)} writes them. */
class SessionIdTest {

    @Test
    void writesIdsAsTheFormatterDid() {
        for (long n : new long[] {0, 1, 0xa, 0xff, 0x1234567, 0xfffffff, 0x10000000, 0xffffffffL, 0x100000000L,
                0xabcdef012345L, Long.MAX_VALUE}) {
            assertThat(Session.hexId(n)).isEqualTo(String.format("%08x", n));
        }
    }
}
