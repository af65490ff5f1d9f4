package io.postern.testing.upstreams;

/**
 * How many sessions a {@link DovecotFixture} takes at once. The tests run with Dovecot's own
 * defaults ({@link #DEFAULTS}); the benchmarks raise them for thousands of sessions of one
 * user from one address.
 *
 * @param maxUserIpConnections IMAP and POP3 sessions per user and client address (Dovecot's
 *     {@code mail_max_userip_connections}, 10 by default); 0 keeps Dovecot's default
 * @param imapClientsPerProcess sessions one {@code imap} process serves ({@code client_limit});
 *     0 keeps Dovecot's default (one)
 * @param imapProcesses {@code imap} processes at most ({@code process_limit}); 0 keeps Dovecot's
 *     default (1024)
 * @param idleCheckSeconds how often a session in IDLE looks for changes itself
 *     ({@code mailbox_idle_check_interval}, 30 s by default); 0 keeps Dovecot's default. Dovecot
 *     wakes only one IDLE session per process and watched mailbox through inotify (the first
 *     watcher of an inotify watch; lib/ioloop-notify-inotify.c); with many sessions of one user
 *     in one process the others learn of new mail only when they look.
 */
public record DovecotLimits(int maxUserIpConnections, int imapClientsPerProcess, int imapProcesses,
                            int idleCheckSeconds) {

    /** Dovecot's own limits: what every test runs with. */
    public static final DovecotLimits DEFAULTS = new DovecotLimits(0, 0, 0, 0);

    public DovecotLimits {
        if (maxUserIpConnections < 0) {
            throw new IllegalArgumentException("maxUserIpConnections: " + maxUserIpConnections + " (expected: >= 0)");
        }
        if (imapClientsPerProcess < 0) {
            throw new IllegalArgumentException("imapClientsPerProcess: " + imapClientsPerProcess + " (expected: >= 0)");
        }
        if (imapProcesses < 0) {
            throw new IllegalArgumentException("imapProcesses: " + imapProcesses + " (expected: >= 0)");
        }
        if (idleCheckSeconds < 0) {
            throw new IllegalArgumentException("idleCheckSeconds: " + idleCheckSeconds + " (expected: >= 0)");
        }
    }

    /**
     * Limits for {@code sessions} concurrent sessions of one user from one address: 500 per
     * {@code imap} process (one process each would take gigabytes, and more inotify instances
     * than a user may have: 128 by default), sessions in IDLE looking for new mail every second.
     */
    public static DovecotLimits forSessions(int sessions) {
        int perProcess = 500;
        return new DovecotLimits(sessions + 100, perProcess, Math.max(16, sessions / perProcess + 16), 1);
    }

    /** The settings for {@code dovecot.conf}: empty for {@link #DEFAULTS}. */
    String render() {
        StringBuilder conf = new StringBuilder();
        if (idleCheckSeconds > 0) {
            conf.append("mailbox_idle_check_interval = ").append(idleCheckSeconds).append(" secs\n");
        }
        if (maxUserIpConnections > 0) {
            conf.append("protocol imap {\n  mail_max_userip_connections = ").append(maxUserIpConnections).append("\n}\n");
            conf.append("protocol pop3 {\n  mail_max_userip_connections = ").append(maxUserIpConnections).append("\n}\n");
        }
        if (imapClientsPerProcess > 0 || imapProcesses > 0) {
            conf.append("service imap {\n");
            if (imapClientsPerProcess > 0) {
                conf.append("  client_limit = ").append(imapClientsPerProcess).append('\n');
                // one process now holds many sessions' indexes: Dovecot's 256M default is too little
                conf.append("  vsz_limit = 2G\n");
            }
            if (imapProcesses > 0) {
                conf.append("  process_limit = ").append(imapProcesses).append('\n');
            }
            conf.append("}\n");
        }
        return conf.toString();
    }
}
