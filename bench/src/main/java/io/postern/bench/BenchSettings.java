package io.postern.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What one run measures and how big, from {@code --key=value} arguments ({@link #usage()}).
 * {@code --quick} starts from small sizes for a smoke run; later arguments override it.
 */
record BenchSettings(Path repository, Path out, Set<String> scenarios, Set<String> targets, int repetitions, Duration duration,
                     Duration warmup, Duration initialWarmup, int loginClients, List<Integer> relaySessions, int messageMegabytes,
                     int idleSessions, int latencySessions, int smtpClients, int smtpKilobytes, int tlsRelaySessions,
                     int pop3Clients, int pop3Kilobytes, int loadThreads, boolean jfr, boolean quick,
                     Map<String, String> posternVariants, Map<String, String> posternConfigs, Path fromSamples) {

    static final Set<String> ALL_SCENARIOS = Set.of("login", "relay", "idle", "latency", "smtp", "tls-login", "tls-relay",
            "pop3", "jmh");

    static String usage() {
        return """
                usage: bench/run [--quick] [--key=value ...]
                  --scenarios=login,relay,idle,latency,smtp,tls-login,tls-relay,pop3,jmh
                                         which to run (default: all). tls-login and tls-relay are
                                         login and relay on the implicit-TLS (993-style) listener:
                                         TLS 1.3, TLS_AES_128_GCM_SHA256, X25519, one ECDSA P-256
                                         certificate for both proxies, a full handshake per
                                         session; pop3 is USER, PASS, RETR 1, QUIT
                  --targets=direct,postern,nginx,...   which targets (default: all; a
                                         --postern-variant or --postern-config target always runs)
                  --repetitions=3        runs of each scenario per target (alternating targets)
                  --duration=10s         measured time of each timed run; --warmup=3s before it
                  --initial-warmup=60s   logins through each target before the first measurement
                                         (Postern's JIT warm-up), as long again in 10 KB submissions
                                         and in TLS logins when smtp or a TLS scenario runs (else a
                                         quarter of it in submissions)
                  --login-clients=50     concurrent clients of the login-rate scenario
                  --relay-sessions=1,50  concurrent sessions of the relay scenario, one variant each
                  --message-mb=20        size of the fetched message
                  --idle-sessions=10000  sessions in IDLE (capped by the file-descriptor limit)
                  --latency-sessions=1   sessions sending NOOPs
                  --smtp-clients=20      concurrent submitters; --smtp-kb=100 message size
                                         (AUTH PLAIN, Postfix behind XCLIENT: framed in Postern)
                  --tls-relay-sessions=1 concurrent sessions of the TLS relay scenario
                  --pop3-clients=20      concurrent POP3 clients; --pop3-kb=1000 the RETR'd message
                  --load-threads=2       the load generator's event loops
                  --jfr                  record the postern target with JFR from the end of the warm-up
                                         (postern.jfr, jfr-hot-methods.txt; Java code only: see the
                                         README's Benchmarks for perf, which sees the kernel and JVM too)
                  --postern-variant=NAME:JVM-OPTIONS   one more Postern target with extra JVM options
                  --postern-variant=NAME@DIR:JVM-OPTIONS   ... run from another built distribution
                                         (a copy of distribution/target/postern made before a
                                         change, to measure the change side by side)
                  --postern-config=NAME:HOCON   HOCON added to the mail { } block of the target
                                         NAME (postern, or a --postern-variant's), or of one more
                                         Postern target NAME (or NAME@DIR); repeat to add more,
                                         e.g. --postern-config='postern-jdk:ssl_provider = jdk'
                  --out=bench/target/report   where the report goes
                  --from-samples=FILE    measure nothing: make the report from an earlier run's samples
                                         (samples-live.csv; give the same sizes); JMH runs if asked
                  --quick                small sizes: 1 repetition, 3 s, 2 MB, 200 idle sessions, 200 KB POP3
                """;
    }

    static BenchSettings parse(String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> variants = new LinkedHashMap<>();
        Map<String, String> configs = new LinkedHashMap<>();
        boolean quick = false;
        boolean jfr = false;
        for (String arg : args) {
            if (arg.equals("--quick")) {
                quick = true;
            } else if (arg.equals("--jfr")) {
                jfr = true;
            } else if (arg.startsWith("--postern-variant=")) {
                String spec = arg.substring("--postern-variant=".length());
                int colon = spec.indexOf(':');
                if (colon <= 0) {
                    throw new IllegalArgumentException("--postern-variant: " + spec + " (expected: NAME:JVM-OPTIONS or NAME@DIR:JVM-OPTIONS)");
                }
                variants.put(spec.substring(0, colon), spec.substring(colon + 1));
            } else if (arg.startsWith("--postern-config=")) {
                String spec = arg.substring("--postern-config=".length());
                int colon = spec.indexOf(':');
                if (colon <= 0 || spec.substring(colon + 1).isBlank()) {
                    throw new IllegalArgumentException("--postern-config: " + spec + " (expected: NAME:HOCON or NAME@DIR:HOCON)");
                }
                configs.merge(spec.substring(0, colon), spec.substring(colon + 1), (a, b) -> a + "\n" + b);
            } else if (arg.startsWith("--") && arg.contains("=")) {
                values.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else {
                throw new IllegalArgumentException("unknown argument: " + arg + "\n" + usage());
            }
        }
        Values v = new Values(values);
        Set<String> scenarios = Set.copyOf(List.of(v.string("scenarios", String.join(",", ALL_SCENARIOS)).split(",")));
        for (String s : scenarios) {
            if (!ALL_SCENARIOS.contains(s)) {
                throw new IllegalArgumentException("--scenarios: " + s + " (expected: one of " + ALL_SCENARIOS + ")");
            }
        }
        String targets = v.string("targets", "");
        BenchSettings settings = new BenchSettings(Path.of(v.string("repository", ".")).toAbsolutePath().normalize(),
                Path.of(v.string("out", "bench/target/report")).toAbsolutePath(), scenarios,
                targets.isEmpty() ? Set.of() : Set.copyOf(List.of(targets.split(","))),
                v.positive("repetitions", quick ? 1 : 3), v.duration("duration", quick ? "3s" : "10s"),
                v.duration("warmup", quick ? "1s" : "3s"), v.duration("initial-warmup", quick ? "8s" : "60s"), v.positive("login-clients", quick ? 10 : 50),
                v.list("relay-sessions", quick ? "1,10" : "1,50"), v.positive("message-mb", quick ? 2 : 20),
                v.positive("idle-sessions", quick ? 200 : 10_000), v.positive("latency-sessions", 1),
                v.positive("smtp-clients", quick ? 5 : 20), v.positive("smtp-kb", 100),
                v.positive("tls-relay-sessions", 1), v.positive("pop3-clients", quick ? 5 : 20),
                v.positive("pop3-kb", quick ? 200 : 1000), v.positive("load-threads", 2),
                jfr, quick, Collections.unmodifiableMap(variants), Collections.unmodifiableMap(configs),
                values.containsKey("from-samples") ? Path.of(v.string("from-samples", "")).toAbsolutePath() : null);
        v.checkAllUsed();
        return settings;
    }

    /** Reads the arguments, each once, with checks whose messages name the argument. */
    private static final class Values {
        private final Map<String, String> values;
        private final List<String> used = new ArrayList<>();

        Values(Map<String, String> values) {
            this.values = values;
        }

        String string(String key, String fallback) {
            used.add(key);
            return values.getOrDefault(key, fallback);
        }

        int positive(String key, int fallback) {
            String text = string(key, Integer.toString(fallback));
            try {
                int value = Integer.parseInt(text.replace("_", ""));
                if (value > 0) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("--" + key + ": " + text + " (expected: a whole number > 0)");
        }

        List<Integer> list(String key, String fallback) {
            List<Integer> list = new ArrayList<>();
            for (String part : string(key, fallback).split(",")) {
                try {
                    list.add(Integer.parseInt(part.strip()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--" + key + ": " + part + " (expected: numbers separated by commas)");
                }
            }
            return List.copyOf(list);
        }

        Duration duration(String key, String fallback) {
            String text = string(key, fallback).toLowerCase(Locale.ROOT);
            try {
                if (text.equals("0")) {
                    return Duration.ZERO;
                }
                if (text.endsWith("ms")) {
                    return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
                }
                if (text.endsWith("s")) {
                    return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
                }
                if (text.endsWith("m")) {
                    return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("--" + key + ": " + text + " (expected: a duration such as 10s, 500ms, 1m)");
        }

        void checkAllUsed() {
            for (String key : values.keySet()) {
                if (!used.contains(key)) {
                    throw new IllegalArgumentException("unknown argument: --" + key + "\n" + usage());
                }
            }
        }
    }
}
