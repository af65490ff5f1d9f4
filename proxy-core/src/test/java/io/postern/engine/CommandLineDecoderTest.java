package io.postern.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.postern.testing.ByteSplits;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandLineDecoderTest {

    private static List<Object> decodeEveryWay(int max, String input, Object... expected) {
        List<Object> last = null;
        for (ByteSplits.Chunking chunking : ByteSplits.all(input.getBytes(StandardCharsets.UTF_8))) {
            CommandLineDecoder decoder = new CommandLineDecoder(max);
            EmbeddedChannel channel = new EmbeddedChannel(decoder);
            last = ByteSplits.feed(channel, chunking);
            assertThat(last).as(chunking.description()).containsExactly(expected);
            assertThat(ByteSplits.removeAndCollectLeftover(channel, decoder)).as(chunking.description()).isEmpty();
            assertThat(channel.finish()).isFalse();
        }
        return last;
    }

    @Test
    void splitsPipelinedLinesWithCrlfOrBareLf() {
        decodeEveryWay(64, "USER bob\r\nPASS a b c \r\nNOOP\n",
                new CommandLine("USER bob"), new CommandLine("PASS a b c "), new CommandLine("NOOP"));
    }

    @Test
    void keepsUtf8AndEmptyLines() {
        decodeEveryWay(64, "EHLO jörg.example\r\n\r\n", new CommandLine("EHLO jörg.example"), new CommandLine(""));
    }

    @Test
    void acceptsALineExactlyAtTheLimit() {
        decodeEveryWay(10, "12345678\r\n", new CommandLine("12345678"));
    }

    @Test
    void marksALineOverTheLimitAndDiscardsTheRest() {
        for (ByteSplits.Chunking chunking : ByteSplits.all("123456789\r\nNOOP\r\n".getBytes(StandardCharsets.UTF_8))) {
            EmbeddedChannel channel = new EmbeddedChannel(new CommandLineDecoder(10));
            List<Object> lines = ByteSplits.feed(channel, chunking);
            assertThat(lines).as(chunking.description()).hasSize(1);
            assertThat(((CommandLine) lines.get(0)).tooLong()).isTrue();
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void neverPrintsTheLineInToString() {
        assertThat(new CommandLine("PASS secret")).hasToString("CommandLine[11 chars]");
    }

    @Test
    void holdsWhatFollowsUntilResumed() {
        CommandLineDecoder decoder = new CommandLineDecoder(64);
        ChannelInboundHandlerAdapter holdOnPass = new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (((CommandLine) msg).text().startsWith("PASS")) {
                    decoder.hold();
                }
                ctx.fireChannelRead(msg);
            }
        };
        EmbeddedChannel channel = new EmbeddedChannel(decoder, holdOnPass);
        channel.writeInbound(Unpooled.copiedBuffer("USER u\r\nPASS p\r\nSTAT\r\nQUIT\r\n", StandardCharsets.UTF_8));
        assertThat(ByteSplits.readAll(channel)).containsExactly(new CommandLine("USER u"), new CommandLine("PASS p"));
        decoder.resume(channel.pipeline().context(holdOnPass));
        assertThat(ByteSplits.readAll(channel)).containsExactly(new CommandLine("STAT"), new CommandLine("QUIT"));
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void handsHeldBytesOnWhenRemoved() {
        CommandLineDecoder decoder = new CommandLineDecoder(64);
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        channel.writeInbound(Unpooled.copiedBuffer("PASS p\r\n", StandardCharsets.UTF_8));
        decoder.hold();
        channel.writeInbound(Unpooled.copiedBuffer("STAT\r\n", StandardCharsets.UTF_8));
        assertThat(ByteSplits.readAll(channel)).containsExactly(new CommandLine("PASS p"));
        assertThat(new String(ByteSplits.removeAndCollectLeftover(channel, decoder), StandardCharsets.UTF_8))
                .isEqualTo("STAT\r\n");
        assertThat(channel.finish()).isFalse();
    }
}
