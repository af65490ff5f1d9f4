package io.postern.bench.jmh;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs the decoder micro-benchmarks with JMH and reports them in MB/s of recorded input. */
public final class DecoderBenchmarks {

    /**
     * One decoder benchmark: its JMH class and the recording one operation replays.
     *
     * @param name the report's name for it
     */
    public record Benchmark(String name, Class<?> type, RecordedSession recording) {
    }

    /** One result: MB/s (10^6 bytes) of recorded input decoded, with JMH's error margin. */
    public record Result(String name, int recordingBytes, double megabytesPerSecond, double error) {
    }

    /**
     * The decoders measured. The post-login response decoder (issue 5) is to be added here
     * with its recorded server stream once it exists.
     */
    static final List<Benchmark> BENCHMARKS = List.of(
            new Benchmark("IMAP command decoder (pre-login, io.postern.imap.ImapCommandDecoder)",
                    ImapCommandDecoderBenchmark.class, RecordedSession.imapPreLogin()));

    private DecoderBenchmarks() {
    }

    /** @param quick one short fork for a smoke run */
    public static List<Result> run(boolean quick) throws RunnerException {
        List<Result> results = new ArrayList<>();
        for (Benchmark benchmark : BENCHMARKS) {
            ChainedOptionsBuilder options = new OptionsBuilder()
                    .include(benchmark.type().getName())
                    .jvmArgsAppend("-Dio.netty.leakDetection.level=disabled");
            if (quick) {
                options.warmupIterations(1).warmupTime(TimeValue.seconds(1))
                        .measurementIterations(2).measurementTime(TimeValue.seconds(1));
            }
            Collection<RunResult> run = new Runner(options.build()).run();
            for (RunResult r : run) {
                double opsPerSecond = r.getPrimaryResult().getScore();
                double error = r.getPrimaryResult().getScoreError();
                int bytes = benchmark.recording().size();
                results.add(new Result(benchmark.name(), bytes, opsPerSecond * bytes / 1e6,
                        Double.isNaN(error) ? 0 : error * bytes / 1e6));
            }
        }
        return results;
    }
}
