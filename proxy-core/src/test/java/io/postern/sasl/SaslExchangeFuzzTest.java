package io.postern.sasl;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.spi.Credentials;
import io.postern.testing.Mutator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A seeded, time-bounded fuzzer of the SASL exchanges on their own (the protocol fuzzers in
 * {@code PreLoginFuzzTest} run them inside the pre-login handlers): mutated mechanism names,
 * initial responses and challenge responses never throw, every answer is one of the
 * exchange's steps, and an exchange that is done is not waiting for more.
 * {@code -Dpostern.fuzz.seed}, {@code -Dpostern.fuzz.case} and {@code -Dpostern.fuzz.seconds}
 * replay or bound it as for the protocol fuzzers.
 */
class SaslExchangeFuzzTest {

    private static final long SEED = Long.getLong("postern.fuzz.seed", 0x13_5EEDL);
    private static final Long CASE = Long.getLong("postern.fuzz.case");
    private static final int CASES = Integer.getInteger("postern.fuzz.cases", 20_000);
    private static final long SECONDS = Long.getLong("postern.fuzz.seconds", 3);

    private static final List<List<String>> VALID = List.of(
            List.of("PLAIN", b64("\0user\0pass")),
            List.of("PLAIN", "", b64("authz\0user\0pass")),
            List.of("LOGIN", "", b64("user"), b64("pass")),
            List.of("LOGIN", b64("user"), b64("pass")),
            List.of("CRAM-MD5", "", b64("user 0123456789abcdef0123456789abcdef")),
            List.of("EXTERNAL", "="),
            List.of("EXTERNAL", "", b64("user")),
            List.of("PLAIN", "", "*"),
            List.of("LOGIN", "", b64("user"), "*"));

    @Test
    void mutatedExchangesAlwaysAnswerWithAStep() {
        Random seeds = new Random(SEED);
        long stop = System.nanoTime() + SECONDS * 1_000_000_000L;
        int run = 0;
        for (; run < (CASE != null ? 1 : CASES) && System.nanoTime() < stop; run++) {
            long seed = CASE != null ? CASE : seeds.nextLong();
            Random random = new Random(seed);
            Mutator mutator = new Mutator(random);
            List<String> exchange = new ArrayList<>(VALID.get(random.nextInt(VALID.size())));
            int mutated = random.nextInt(exchange.size());
            exchange.set(mutated, new String(mutator.mutate(exchange.get(mutated).getBytes(StandardCharsets.ISO_8859_1)),
                    StandardCharsets.ISO_8859_1));
            try {
                play(exchange);
            } catch (Throwable e) {
                throw new AssertionError("SASL fuzz case failed; replay alone with -Dpostern.fuzz.case=" + seed
                        + " (whole run: -Dpostern.fuzz.seed=" + SEED + "): " + exchange, e);
            }
        }
        assertThat(run).isPositive();
    }

    private static void play(List<String> exchange) {
        SaslExchange sasl = new SaslExchange(EnumSet.allOf(SaslMechanism.class), () -> "<1.2@fuzz.example>");
        List<String> start = exchange.get(1).isEmpty() ? List.of(exchange.get(0))
                : List.of(exchange.get(0), exchange.get(1));
        SaslExchange.Step step = sasl.start(start);
        for (int i = 2; i < exchange.size() && step instanceof SaslExchange.Step.Challenge; i++) {
            assertThat(sasl.waiting()).isTrue();
            step = sasl.next(exchange.get(i));
        }
        assertThat(step).isNotNull();
        if (step instanceof SaslExchange.Step.Done done) {
            assertThat(sasl.waiting()).isFalse();
            assertThat(done.credentials()).isInstanceOfAny(Credentials.Plain.class, Credentials.CramMd5.class,
                    Credentials.External.class);
        } else if (!(step instanceof SaslExchange.Step.Challenge)) {
            assertThat(sasl.waiting()).isFalse();
        }
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.ISO_8859_1));
    }
}
