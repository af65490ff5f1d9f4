package io.postern.redis;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A Redis outage under load is one warning a minute per feature, every fallback counted. */
class FallbackPolicyTest {

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final AtomicLong nanos = new AtomicLong(1_000);
    private final FallbackPolicy policy = new FallbackPolicy(nanos::get);
    private Logger logger;

    @BeforeEach
    void capture() {
        logger = (Logger) LoggerFactory.getLogger("io.postern.redis");
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void release() {
        logger.detachAppender(logged);
    }

    @Test
    void warnsOnceAMinutePerFeatureAndCountsEveryFallback() {
        for (int i = 0; i < 1000; i++) {
            policy.fellBack("throttle", "not connected");
        }
        policy.fellBack("limits", "not connected");
        assertThat(policy.counts()).containsEntry("throttle", 1000L).containsEntry("limits", 1L);
        assertThat(warnings()).containsExactly(
                "redis: throttle falls back to this instance's own state (1 time(s) since the last warning): not connected",
                "redis: limits falls back to this instance's own state (1 time(s) since the last warning): not connected");
        nanos.addAndGet(FallbackPolicy.WARNING_INTERVAL.toNanos());
        policy.fellBack("throttle", "no answer within 200ms");
        assertThat(warnings()).hasSize(3).last().isEqualTo("redis: throttle falls back to this instance's own"
                + " state (1000 time(s) since the last warning): no answer within 200ms");
    }

    @Test
    void saysOnceThatAFeatureSharesAgain() {
        policy.answered("throttle"); // never fell back: nothing to say
        policy.fellBack("throttle", "not connected");
        policy.answered("throttle");
        policy.answered("throttle");
        assertThat(logged.list).filteredOn(e -> e.getLevel() == Level.INFO).extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("redis: throttle shares its state through Redis again");
    }

    private java.util.List<String> warnings() {
        return logged.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage)
                .toList();
    }
}
