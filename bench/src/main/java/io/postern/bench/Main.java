package io.postern.bench;

/**
 * {@code bench/run [--quick] [--key=value ...]}: runs the comparison and writes the report
 * (see {@link BenchSettings#usage()}).
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (java.util.Arrays.asList(args).contains("--help")) {
            System.out.print(BenchSettings.usage());
            return;
        }
        BenchSettings settings;
        try {
            settings = BenchSettings.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        new BenchRun(settings).run();
        // Netty's and JMH's threads must not keep the harness alive after the report.
        System.exit(0);
    }
}
