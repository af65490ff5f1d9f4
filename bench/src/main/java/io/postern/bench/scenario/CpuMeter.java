package io.postern.bench.scenario;

import io.postern.bench.target.ProcStats;
import io.postern.bench.target.ProcStats.CpuTimes;
import io.postern.bench.target.RunningTarget;

/**
 * The proxy's CPU time (all its processes, user + system) from a start, nothing for direct; and
 * the whole machine's, for every target.
 */
final class CpuMeter {

    private static final CpuTimes NONE = new CpuTimes(0, 0);

    private final RunningTarget target;
    private final CpuTimes start;
    private final double machineStart;

    private CpuMeter(RunningTarget target, CpuTimes start, double machineStart) {
        this.target = target;
        this.start = start;
        this.machineStart = machineStart;
    }

    static CpuMeter start(RunningTarget target) {
        return new CpuMeter(target, target.pid().isPresent() ? ProcStats.cpuTimes(target.pid().getAsLong()) : NONE,
                ProcStats.machineBusySeconds());
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

    /** CPU seconds every process on the machine used since {@link #start}. */
    double machineElapsed() {
        return ProcStats.machineBusySeconds() - machineStart;
    }

    /**
     * Adds "proxy CPU UNIT" (user + system) and "proxy system CPU UNIT" (the kernel's part of it)
     * per operation when the target is a proxy: {@code used} seconds times {@code scale} (1000 for
     * ms) divided by {@code operations}; and for every target "machine CPU UNIT", the
     * {@code machine} seconds ({@link #machineElapsed}) of all processes per operation: on a
     * machine the whole chain shares, a rate is at most its cores divided by that.
     */
    void report(Samples samples, CpuTimes used, double machine, String unit, double scale, double operations) {
        if (operations <= 0) {
            return;
        }
        if (measured()) {
            samples.lowerBetter("proxy CPU " + unit, used.total() * scale / operations)
                    .lowerBetter("proxy system CPU " + unit, used.system() * scale / operations);
        }
        samples.lowerBetter("machine CPU " + unit, machine * scale / operations);
    }
}
