package io.postern.bench.scenario;

import io.postern.bench.target.ProcStats;
import io.postern.bench.target.ProcStats.CpuTimes;
import io.postern.bench.target.RunningTarget;

/** The proxy's CPU time (all its processes, user + system) from a start; nothing for direct. */
final class CpuMeter {

    private static final CpuTimes NONE = new CpuTimes(0, 0);

    private final RunningTarget target;
    private final CpuTimes start;

    private CpuMeter(RunningTarget target, CpuTimes start) {
        this.target = target;
        this.start = start;
    }

    static CpuMeter start(RunningTarget target) {
        return new CpuMeter(target, target.pid().isPresent() ? ProcStats.cpuTimes(target.pid().getAsLong()) : NONE);
    }

    boolean measured() {
        return target.pid().isPresent();
    }

    /**
     * The harness's own CPU time so far (the load generator's event loops, and the auth_http
     * server, which is small beside them), in nanoseconds; its child processes not included.
     */
    static long harnessNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** CPU seconds since {@link #start}, user and system; zero for direct. */
    CpuTimes elapsed() {
        return measured() ? ProcStats.cpuTimes(target.pid().getAsLong()).minus(start) : NONE;
    }

    /**
     * Adds "proxy CPU UNIT" (user + system) and "proxy system CPU UNIT" (the kernel's part of it)
     * per operation when the target is a proxy: {@code used} seconds times {@code scale} (1000 for
     * ms) divided by {@code operations}.
     */
    void report(Samples samples, CpuTimes used, String unit, double scale, double operations) {
        if (measured() && operations > 0) {
            samples.lowerBetter("proxy CPU " + unit, used.total() * scale / operations)
                    .lowerBetter("proxy system CPU " + unit, used.system() * scale / operations);
        }
    }
}
