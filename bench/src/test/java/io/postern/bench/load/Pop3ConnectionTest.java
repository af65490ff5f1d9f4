package io.postern.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Pop3ConnectionTest {

    private static final String DATA = "Subject: x\r\n\r\n..stuffed\r\n.\rnot the end\r\n\r\nlast\r\n.\r\n";

    /** Where the end of data was found, feeding {@code data} in pieces split at {@code split}; -1 for nowhere. */
    private static long endAfter(String data, int split) {
        Pop3Connection.EndOfData end = new Pop3Connection.EndOfData();
        end.reset();
        byte[] bytes = data.getBytes(StandardCharsets.US_ASCII);
        long seen = 0;
        for (int from = 0; from < bytes.length; from += split) {
            ByteBuf piece = Unpooled.wrappedBuffer(bytes, from, Math.min(split, bytes.length - from));
            try {
                int at = piece.forEachByte(end);
                if (at >= 0) {
                    return seen + at + 1;
                }
                seen += piece.readableBytes();
            } finally {
                piece.release();
            }
        }
        return -1;
    }

    @Test
    void findsTheDotLineThatEndsTheDataWhereverTheReadsSplitIt() {
        for (int split = 1; split <= DATA.length(); split++) {
            assertThat(endAfter(DATA, split)).as("split every %d bytes", split).isEqualTo(DATA.length());
        }
    }

    @Test
    void anEmptyMessageEndsAtItsFirstLine() {
        assertThat(endAfter(".\r\n", 1)).isEqualTo(3);
    }

    @Test
    void aStuffedDotOrADotInsideALineIsNotTheEnd() {
        assertThat(endAfter("..\r\na.\r\n", 2)).isEqualTo(-1);
    }
}
