/**
 * JMH micro-benchmarks of Postern's decoders on realistic client streams
 * ({@link io.postern.bench.jmh.RecordedSession}), run and reported in MB/s by
 * {@link io.postern.bench.jmh.DecoderBenchmarks}.
 */
package io.postern.bench.jmh;
