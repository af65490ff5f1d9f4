package io.postern.bench.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcStatsTest {

    @Test
    void cpuTicksAreUtimePlusStimeAfterACommandNameWithSpacesAndParentheses() {
        // fields 14 (utime) = 700 and 15 (stime) = 42; the name "(a) (b" must not shift them
        String stat = "1234 ((a) (b) S 1 1234 1234 0 -1 4194560 100 0 0 0 700 42 0 0 20 0 12 0 555 1000 200";
        assertThat(ProcStats.cpuTicks(stat)).isEqualTo(742);
        assertThat(ProcStats.userAndSystemTicks(stat)).containsExactly(700, 42);
    }

    @Test
    void machineBusyTicksAreUserNiceSystemIrqSoftirqAndStealNotIdleOrIowait() {
        // user nice system idle iowait irq softirq steal guest guest_nice
        String stat = "cpu  1000 20 300 90000 55 6 70 8 400 0\ncpu0 500 10 150 45000 20 3 35 4 200 0\nintr 1 2\n";
        assertThat(ProcStats.machineBusyTicks(stat)).isEqualTo(1000 + 20 + 300 + 6 + 70 + 8);
    }

    @Test
    void rssIsTheVmRssLine() {
        String status = "Name:\tjava\nVmPeak:\t  9000 kB\nVmRSS:\t   123456 kB\nRssAnon:\t 100000 kB\n";
        assertThat(ProcStats.rssKib(status)).isEqualTo(123456);
        assertThat(ProcStats.rssKib("Name:\tkthreadd\n")).isZero();
    }

    @Test
    void readsThisJvm() {
        long pid = ProcessHandle.current().pid();
        assertThat(ProcStats.rssBytes(pid)).isGreaterThan(1 << 20);
        assertThat(ProcStats.cpuSeconds(pid)).isPositive();
        ProcStats.CpuTimes times = ProcStats.cpuTimes(pid);
        assertThat(times.user()).isPositive();
        assertThat(times.total()).isEqualTo(times.user() + times.system());
        assertThat(ProcStats.machineBusySeconds()).isGreaterThanOrEqualTo(times.total());
    }

    @Test
    void aProcessThatIsGoneIsAnError() throws Exception {
        Process done = new ProcessBuilder("true").start();
        done.waitFor();
        assertThatThrownBy(() -> ProcStats.cpuSeconds(done.pid())).isInstanceOf(IllegalStateException.class);
    }
}
