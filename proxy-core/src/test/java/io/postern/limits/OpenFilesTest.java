package io.postern.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** limit_conn_total against the open-files limit: what auto allows, and when start-up warns. */
class OpenFilesTest {

    @Test
    void autoAllowsTwoDescriptorsPerSessionAfterTheListenersAndTheReserve() {
        assertThat(OpenFiles.autoTotal(OptionalLong.of(65536), 4)).isEqualTo((65536 - 4 - 128) / 2);
        assertThat(OpenFiles.autoTotal(OptionalLong.of(100), 4)).isEqualTo(1);
        assertThat(OpenFiles.autoTotal(OptionalLong.empty(), 4)).isEqualTo(10_000);
    }

    @Test
    void warnsWhenTheConfiguredLimitNeedsMoreDescriptorsThanUlimitGives() {
        assertThat(OpenFiles.warning(5000, false, OptionalLong.of(1024), 3)).hasValueSatisfying(w -> assertThat(w)
                .contains("open-files limit (ulimit -n) is 1024")
                .contains("limit_conn_total = 5000 needs 10131 descriptors")
                .contains("LimitNOFILE="));
        assertThat(OpenFiles.warning(400, false, OptionalLong.of(1024), 3)).isEmpty();
        assertThat(OpenFiles.warning(5000, false, OptionalLong.empty(), 3)).isEmpty();
    }

    @Test
    void warnsWhenAutoLeavesRoomForTooFewSessions() {
        int total = OpenFiles.autoTotal(OptionalLong.of(1024), 3);
        assertThat(OpenFiles.warning(total, true, OptionalLong.of(1024), 3)).hasValueSatisfying(w -> assertThat(w)
                .contains("is 1024").contains("only 446 client sessions").contains("ulimit -n"));
        assertThat(OpenFiles.warning(OpenFiles.autoTotal(OptionalLong.of(65536), 3), true, OptionalLong.of(65536), 3))
                .isEmpty();
    }
}
