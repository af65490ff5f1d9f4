package io.postern.engine;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * This process's name among the Postern instances sharing one Redis: the host name, the pid and a
 * random part, so that a restarted instance (same host, maybe the same pid in a container) never
 * takes over the leases its predecessor left to expire.
 */
final class InstanceName {

    private static final String NAME = make();

    private InstanceName() {
    }

    static String get() {
        return NAME;
    }

    private static String make() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown";
        }
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        return host + ":" + ProcessHandle.current().pid() + ":" + HexFormat.of().formatHex(random);
    }
}
