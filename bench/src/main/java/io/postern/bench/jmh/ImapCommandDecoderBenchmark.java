package io.postern.bench.jmh;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.postern.imap.ImapCommandDecoder;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The pre-login IMAP command decoder ({@link ImapCommandDecoder}) on a realistic (hand-written)
 * client stream ({@link RecordedSession#imapPreLogin()}): one operation replays the whole
 * recording, write by write, into the decoder of one channel, and drains what it emitted.
 * {@link DecoderBenchmarks} turns operations per second into MB/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ImapCommandDecoderBenchmark {

    /** The verbs Postern's pre-login handler accepts (ImapPreLoginHandler.VERBS). */
    static final Set<String> VERBS = Set.of("CAPABILITY", "NOOP", "LOGOUT", "ID", "LOGIN", "AUTHENTICATE", "STARTTLS");

    private List<byte[]> writes;
    private EmbeddedChannel channel;

    @Setup
    public void setUp() {
        writes = RecordedSession.imapPreLogin().writes();
        channel = new EmbeddedChannel(new ImapCommandDecoder(4096, VERBS));
    }

    @TearDown
    public void tearDown() {
        channel.finishAndReleaseAll();
    }

    @Benchmark
    public void decodeRecordedSession(Blackhole blackhole) {
        for (byte[] write : writes) {
            ByteBuf in = PooledByteBufAllocator.DEFAULT.buffer(write.length).writeBytes(write);
            channel.writeInbound(in);
            Object message;
            while ((message = channel.readInbound()) != null) {
                blackhole.consume(message);
                ReferenceCountUtil.release(message);
            }
        }
    }

    // The post-login IMAP response decoder (issue 5) goes here, as a second @Benchmark class
    // beside this one, on a recorded server stream (FETCH responses with literals, untagged
    // EXISTS/FLAGS, tagged OKs): add it to DecoderBenchmarks.BENCHMARKS with its recording.
}
