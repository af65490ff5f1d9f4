package io.postern.limits;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code limit_conn_total} against the open-files limit ({@code RLIMIT_NOFILE}, {@code ulimit -n}):
 * a logged-in session holds two descriptors (client and upstream), and the process needs some
 * for its listeners and for everything else (log files, jars, DNS, auth_http connections).
 * When the descriptors run out first, new clients are not refused in their protocol's words but
 * left waiting in the listen queue.
 */
public final class OpenFiles {

    /** Descriptors kept for everything but client sessions and listeners. */
    static final int RESERVE = 128;

    /** {@code limit_conn_total = auto} when the open-files limit cannot be read (not a Unix JVM). */
    static final int AUTO_WITHOUT_LIMIT = 10_000;

    /** Below this many sessions, {@code auto} is worth a warning: the limit is too low for a mail server. */
    static final int AUTO_WARNING_BELOW = 1_000;

    private OpenFiles() {
    }

    /** The process's open-files limit, when the JVM can tell. */
    public static OptionalLong limit() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return OptionalLong.of(unix.getMaxFileDescriptorCount());
        }
        return OptionalLong.empty();
    }

    /** Descriptors {@code total} sessions need with {@code listeners} listeners: two a session, plus the rest. */
    static long needed(int total, int listeners) {
        return 2L * total + listeners + RESERVE;
    }

    /** {@code limit_conn_total = auto}: as many sessions as the open-files limit allows. */
    public static int autoTotal(OptionalLong openFiles, int listeners) {
        if (openFiles.isEmpty()) {
            return AUTO_WITHOUT_LIMIT;
        }
        long sessions = (openFiles.getAsLong() - listeners - RESERVE) / 2;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, sessions));
    }

    /**
     * The start-up warning, if {@code total} sessions (configured, or {@code auto} when
     * {@code auto}) do not fit the open-files limit or {@code auto} leaves too few.
     */
    public static Optional<String> warning(int total, boolean auto, OptionalLong openFiles, int listeners) {
        if (openFiles.isEmpty()) {
            return Optional.empty();
        }
        long limit = openFiles.getAsLong();
        String raise = "; raise it (ulimit -n in the shell that starts postern, LimitNOFILE= in its systemd unit)";
        if (auto) {
            if (total >= AUTO_WARNING_BELOW) {
                return Optional.empty();
            }
            return Optional.of("the open-files limit (ulimit -n) is " + limit + ", which leaves room for only "
                    + total + " client sessions (limit_conn_total = auto: two descriptors per session, " + listeners
                    + " listeners, " + RESERVE + " spare)" + raise);
        }
        long needed = needed(total, listeners);
        if (needed <= limit) {
            return Optional.empty();
        }
        return Optional.of("the open-files limit (ulimit -n) is " + limit + " but limit_conn_total = " + total
                + " needs " + needed + " descriptors (two per session, " + listeners + " listeners, " + RESERVE
                + " spare): past " + autoTotal(openFiles, listeners) + " sessions new clients would wait unanswered"
                + raise + " to at least " + needed + ", or lower limit_conn_total");
    }
}
