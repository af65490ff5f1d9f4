package io.postern.log.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.spi.BufferPoolUsage;
import io.postern.spi.SharedScript;
import io.postern.spi.SharedStore;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The shared Redis's health as metrics: up or not, and each feature's fallbacks to local state. */
class RedisMetricsTest {

    /** A store whose state the test sets; only what the metrics read. */
    private static final class Store implements SharedStore {
        volatile boolean connected;
        final Map<String, Long> fallbacks = new TreeMap<>();

        @Override
        public CompletionStage<List<Object>> eval(SharedScript script, List<String> keys, List<String> args) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<Long> publish(String channel, String message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void subscribe(String channel, Consumer<String> listener) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <T> CompletionStage<T> sharedOrLocal(String feature, Supplier<? extends CompletionStage<T>> shared,
                                                    Supplier<? extends T> local) {
            return CompletableFuture.completedFuture(local.get());
        }

        @Override
        public boolean connected() {
            return connected;
        }

        @Override
        public Map<String, Long> fallbacks() {
            return Map.copyOf(fallbacks);
        }
    }

    private static String scrape(MailMetrics metrics) throws Exception {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(text, metrics.registry().scrape());
        return text.toString(StandardCharsets.UTF_8);
    }

    @Test
    void exposesTheConnectionAndTheFallbacksByFeature() throws Exception {
        MailMetrics metrics = new MailMetrics(() -> 0, () -> 0, () -> new BufferPoolUsage(0, 0));
        Store store = new Store();
        metrics.sharedStore(store);
        assertThat(scrape(metrics)).contains("postern_redis_up 0.0").doesNotContain("postern_redis_fallback_total{");
        store.connected = true;
        store.fallbacks.put("throttle", 3L);
        store.fallbacks.put("limits", 1L);
        assertThat(scrape(metrics)).contains("postern_redis_up 1.0")
                .contains("postern_redis_fallback_total{feature=\"throttle\"} 3.0")
                .contains("postern_redis_fallback_total{feature=\"limits\"} 1.0");
    }
}
