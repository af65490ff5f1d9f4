package io.postern.auth.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postern.auth.testkit.FakeModuleContext;
import io.postern.auth.testkit.FakeServerConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThrottleFeatureTest {

    @TempDir
    Path dir;

    @Test
    void refusesASharedStoreWithoutARedisToShareThrough() {
        FakeModuleContext context = new FakeModuleContext(dir, FakeServerConfig.of("imap", "auth_throttle_store = redis"));
        assertThatThrownBy(() -> new ThrottleFeature().configure(context))
                .hasMessage("test.conf:1: auth_throttle_store: \"redis\" (expected: local, or a mail.redis block naming"
                        + " the Redis to share the counters through)");
    }

    @Test
    void keepsTheCountersInMemoryByDefault() {
        FakeModuleContext context = new FakeModuleContext(dir, FakeServerConfig.of("imap", ""));
        new ThrottleFeature().configure(context);
        assertThat(context.authenticators).containsKey("throttle");
    }
}
