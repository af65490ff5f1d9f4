package io.postern.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@code %isoTime} writes what Logback's {@code %d{ISO8601}} writes. */
class IsoTimeConverterTest {

    @Test
    void writesWhatLogbacksIso8601Writes() {
        LoggerContext context = new LoggerContext();
        PatternLayout logback = layout(context, "%d{ISO8601}");
        PatternLayout ours = layout(context, "%isoTime");
        Random random = new Random(18);
        long time = 1_796_000_000_000L;
        for (int i = 0; i < 20_000; i++) {
            // Mostly a few milliseconds apart (the cache's case), now and then far away.
            time = i % 100 == 0 ? random.nextLong(4_000_000_000_000L) : time + random.nextInt(700);
            LoggingEvent event = new LoggingEvent();
            event.setTimeStamp(time);
            assertThat(ours.doLayout(event)).as("%d", time).isEqualTo(logback.doLayout(event));
        }
    }

    private static PatternLayout layout(LoggerContext context, String pattern) {
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.getInstanceConverterMap().put("isoTime", IsoTimeConverter::new);
        layout.setPattern(pattern);
        layout.start();
        return layout;
    }
}
