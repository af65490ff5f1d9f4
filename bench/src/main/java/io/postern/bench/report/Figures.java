package io.postern.bench.report;

import java.util.Locale;

/** How numbers are written in the report: a few significant digits, ratios as "1.23×". */
final class Figures {

    private Figures() {
    }

    static String number(double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        double abs = Math.abs(value);
        if (abs >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (abs >= 100) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        if (abs >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }

    static String ratio(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.2f×", value);
    }

    static String spread(double value, int repetitions) {
        return repetitions < 2 ? "(1 run)" : String.format(Locale.ROOT, "±%.1f%%", value * 100);
    }
}
