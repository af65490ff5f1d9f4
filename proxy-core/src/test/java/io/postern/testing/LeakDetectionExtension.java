package io.postern.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty reports a leaked buffer while it ran. Registered for every
 * test through JUnit's extension auto-detection (see {@code junit-platform.properties}), so
 * the whole suite runs under Netty's PARANOID leak detector (set by surefire's argLine) and a
 * leak breaks the build instead of scrolling past in a log.
 */
public final class LeakDetectionExtension implements AfterAllCallback {

    private static final List<String> LEAKS = new ArrayList<>();

    static {
        // Must run before ByteBuf's leak detector is created, i.e. before any buffer class
        // initialises; JUnit instantiates auto-detected extensions before the first test.
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
        if (ResourceLeakDetector.getLevel().ordinal() < ResourceLeakDetector.Level.PARANOID.ordinal()) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        List<String> found = collectLeaks();
        if (!found.isEmpty()) {
            throw new AssertionError("Netty reported " + found.size() + " leaked buffer(s) in "
                    + context.getDisplayName() + ":\n" + String.join("\n\n", found));
        }
    }

    /**
     * Collects the garbage and returns (and forgets) the leaks Netty reported since the last
     * call: for a test that wants to name what leaked (a fuzzer's seed, say) before afterAll.
     */
    public static List<String> collectLeaks() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(20);
            // Leaks are reported when a detector tracks a new object after the GC enqueued the
            // lost ones, so allocate (and release) a few buffers to flush the reports.
            for (int j = 0; j < 10; j++) {
                ByteBuf probe = PooledByteBufAllocator.DEFAULT.buffer(8);
                probe.release();
            }
        }
        synchronized (LEAKS) {
            List<String> found = List.copyOf(LEAKS);
            LEAKS.clear();
            return found;
        }
    }

    private static final class RecordingFactory extends ResourceLeakDetectorFactory {
        @Override
        @SuppressWarnings("deprecation")
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
                                                                    long maxActive) {
            return new RecordingDetector<>(resource, samplingInterval);
        }
    }

    private static final class RecordingDetector<T> extends ResourceLeakDetector<T> {
        RecordingDetector(Class<T> resource, int samplingInterval) {
            super(resource, samplingInterval);
        }

        @Override
        protected void reportTracedLeak(String resourceType, String records) {
            super.reportTracedLeak(resourceType, records);
            synchronized (LEAKS) {
                LEAKS.add(resourceType + records);
            }
        }

        @Override
        protected void reportUntracedLeak(String resourceType) {
            super.reportUntracedLeak(resourceType);
            synchronized (LEAKS) {
                LEAKS.add(resourceType + " (untraced)");
            }
        }
    }
}
