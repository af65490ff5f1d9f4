package io.postern.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.Errors;
import java.net.BindException;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** The one line of a listener that cannot be bound, with the way out for a privileged port. */
class BindFailureTest {

    @Test
    void aPrivilegedPortRefusedForWantOfPrivilegeNamesTheCapabilityAndTheUnitsSetting() {
        assertThat(BindFailure.describe(new InetSocketAddress("127.0.0.1", 143), epoll(13, "Permission denied")))
                .isEqualTo("bind() to 127.0.0.1:143 failed (13: Permission denied): ports below 1024 need root or the"
                        + " capability CAP_NET_BIND_SERVICE (the systemd unit's"
                        + " AmbientCapabilities=CAP_NET_BIND_SERVICE, or setcap cap_net_bind_service=+ep on the java"
                        + " binary)");
        assertThat(BindFailure.describe(new InetSocketAddress("127.0.0.1", 993), new BindException("Permission denied")))
                .as("NIO").endsWith(BindFailure.PRIVILEGED_PORT_HINT);
    }

    @Test
    void aTakenPortIsToldAsNginxTellsIt() {
        assertThat(BindFailure.describe(new InetSocketAddress("127.0.0.1", 143), epoll(98, "Address already in use")))
                .isEqualTo("bind() to 127.0.0.1:143 failed (98: Address already in use)");
        assertThat(BindFailure.describe(new InetSocketAddress("127.0.0.1", 1143), epoll(13, "Permission denied")))
                .as("no hint above 1024").isEqualTo("bind() to 127.0.0.1:1143 failed (13: Permission denied)");
    }

    /** What epoll's bind throws, message included (Errors.newIOException needs the native library). */
    private static Errors.NativeIoException epoll(int errno, String text) {
        assumeThat(Epoll.isAvailable()).as("epoll's native library (Errors needs it loaded)").isTrue();
        Errors.NativeIoException thrown = new Errors.NativeIoException("bind", -errno);
        assertThat(thrown.getMessage()).isEqualTo("bind(..) failed with error(-" + errno + "): " + text);
        return thrown;
    }
}
