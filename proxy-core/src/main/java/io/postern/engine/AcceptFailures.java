package io.postern.engine;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listener's failed {@code accept()} (nginx's {@code ngx_event_accept}), on its server
 * channel: the error never reaches the end of the pipeline. Out of file descriptors
 * ({@code EMFILE}, {@code ENFILE}), the listener stops accepting for {@link #BACKOFF} as nginx
 * does, so the pending connections wait in the backlog instead of failing in a busy loop,
 * and one warning a minute names the limit and how to raise it. Any other failure is one
 * line, at most once a minute too; an aborted connection ({@code ECONNABORTED}) only at debug.
 */
final class AcceptFailures extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(AcceptFailures.class);

    /** nginx's {@code accept_mutex_delay}, for which it disables accept events on EMFILE. */
    static final Duration BACKOFF = Duration.ofMillis(500);
    /** At most one warning per listener this often; the next one says how many were left out. */
    static final Duration WARNING_INTERVAL = Duration.ofMinutes(1);

    private final String listener;
    private final LongSupplier nanoClock;
    private final Descriptors descriptors;
    private long lastWarning;
    private boolean warned;
    private long suppressed;
    private boolean backingOff;

    /** The process's file descriptors, in use and allowed ({@code RLIMIT_NOFILE}); -1 when unknown. */
    interface Descriptors {
        long open();

        long max();
    }

    /** @param listener the listener's address, as the log names it */
    AcceptFailures(String listener) {
        this(listener, System::nanoTime, jvmDescriptors());
    }

    AcceptFailures(String listener, LongSupplier nanoClock, Descriptors descriptors) {
        this.listener = listener;
        this.nanoClock = nanoClock;
        this.descriptors = descriptors;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (outOfDescriptors(cause)) {
            backOff(ctx);
            if (systemWide(cause)) {
                warn("accept() on {} failed ({}): the system's open-files limit is reached; raise it "
                        + "(sysctl fs.file-max); not accepting for {} ms", listener, reason(cause), BACKOFF.toMillis());
                return;
            }
            long max = descriptors.max();
            // At EMFILE the process is at its limit by definition, and /proc/self/fd may not open to count.
            long open = descriptors.open() < 0 ? max : descriptors.open();
            warn("accept() on {} failed ({}): {} of {} file descriptors in use; raise the open-files limit "
                    + "(ulimit -n, LimitNOFILE=); not accepting for {} ms", listener, reason(cause),
                    count(open), count(max), BACKOFF.toMillis());
        } else if (aborted(cause)) {
            LOG.debug("accept() on {} failed: {}", listener, reason(cause));
        } else {
            warn("accept() on {} failed: {}", listener, reason(cause));
        }
    }

    /** nginx disables accepting on EMFILE and ENFILE; Netty's own one-second pause is bypassed. */
    private void backOff(ChannelHandlerContext ctx) {
        if (backingOff) {
            return;
        }
        backingOff = true;
        ctx.channel().config().setAutoRead(false);
        ctx.executor().schedule(() -> {
            backingOff = false;
            if (ctx.channel().isOpen()) {
                ctx.channel().config().setAutoRead(true);
            }
        }, BACKOFF.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void warn(String format, Object... arguments) {
        long now = nanoClock.getAsLong();
        if (warned && now - lastWarning < WARNING_INTERVAL.toNanos()) {
            suppressed++;
            return;
        }
        if (suppressed > 0) {
            LOG.warn("accept() on {} failed {} more time(s) in the last {} s", listener, suppressed,
                    WARNING_INTERVAL.toSeconds());
            suppressed = 0;
        }
        warned = true;
        lastWarning = now;
        LOG.warn(format, arguments);
    }

    /**
     * Whether the error is {@code EMFILE} or {@code ENFILE}. The JDK and Netty's native
     * transport both report the system's {@code strerror} text and no error number we can
     * read, so the text it is: "Too many open files" (and "... in system").
     */
    static boolean outOfDescriptors(Throwable cause) {
        return cause instanceof IOException && cause.getMessage() != null
                && cause.getMessage().contains("Too many open files");
    }

    /** {@code ENFILE}: "Too many open files in system". */
    private static boolean systemWide(Throwable cause) {
        return cause.getMessage().contains("in system");
    }

    private static boolean aborted(Throwable cause) {
        return cause instanceof IOException && cause.getMessage() != null
                && cause.getMessage().contains("Software caused connection abort");
    }

    private static String reason(Throwable cause) {
        String message = cause.getMessage();
        if (message == null) {
            return cause.getClass().getSimpleName();
        }
        // Netty's native transport says "accept(..) failed: Too many open files".
        int colon = message.lastIndexOf(": ");
        return colon >= 0 ? message.substring(colon + 2) : message;
    }

    private static String count(long value) {
        return value < 0 ? "?" : Long.toString(value);
    }

    private static Descriptors jvmDescriptors() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return new Descriptors() {
                @Override
                public long open() {
                    try {
                        return unix.getOpenFileDescriptorCount();
                    } catch (InternalError | RuntimeException e) {
                        // It lists /proc/self/fd, which needs a descriptor: at EMFILE it throws
                        // "InternalError: errno: 24 error: Unable to open directory /proc/self/fd".
                        return -1;
                    }
                }

                @Override
                public long max() {
                    return unix.getMaxFileDescriptorCount();
                }
            };
        }
        return new Descriptors() {
            @Override
            public long open() {
                return -1;
            }

            @Override
            public long max() {
                return -1;
            }
        };
    }
}
