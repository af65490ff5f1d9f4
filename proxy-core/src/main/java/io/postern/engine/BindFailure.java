package io.postern.engine;

import io.netty.channel.unix.Errors;
import java.net.BindException;
import java.net.InetSocketAddress;

/**
 * The one line a listening socket that cannot be bound is reported with, nginx's
 * {@code bind() to 127.0.0.1:143 failed (98: Address already in use)}; a port below 1024
 * refused for want of privilege also says how to grant it without running as root.
 */
final class BindFailure {

    /** Linux's errno for a privileged port bound by an unprivileged process (epoll is Linux-only). */
    private static final int EACCES = 13;

    static final String PRIVILEGED_PORT_HINT = "ports below 1024 need root or the capability CAP_NET_BIND_SERVICE"
            + " (the systemd unit's AmbientCapabilities=CAP_NET_BIND_SERVICE, or setcap cap_net_bind_service=+ep on"
            + " the java binary)";

    private BindFailure() {
    }

    static String describe(InetSocketAddress address, Throwable cause) {
        String line = "bind() to " + Addresses.format(address) + " failed (" + reason(cause) + ")";
        return address.getPort() < 1024 && permissionDenied(cause) ? line + ": " + PRIVILEGED_PORT_HINT : line;
    }

    /** nginx's {@code 98: Address already in use}, rather than epoll's {@code bind(..) failed with error(-98): …}. */
    private static String reason(Throwable cause) {
        String text = UpstreamConnector.describe(cause);
        if (cause instanceof Errors.NativeIoException nativeError && text.contains("): ")) {
            return -nativeError.expectedErr() + ": " + text.substring(text.indexOf("): ") + 3);
        }
        return text;
    }

    private static boolean permissionDenied(Throwable cause) {
        if (cause instanceof Errors.NativeIoException nativeError) {
            return nativeError.expectedErr() == -EACCES;
        }
        // NIO reports the errno only as its strerror text.
        return cause instanceof BindException && "Permission denied".equals(cause.getMessage());
    }
}
