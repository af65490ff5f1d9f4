package io.postern.testing.upstreams;

import io.postern.spi.UpstreamAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A running Dovecot and Postfix pair as a test sees it, wherever they run: their addresses,
 * their users, and their logs. Postfix delivers mail for the users into Dovecot's maildirs,
 * so a message submitted to {@link #smtp()} can be read back over {@link #imap()} and
 * {@link #pop3()}. Started by {@link RealServers#start}; closing stops both by pid (or
 * removes the container) and deletes their files unless {@link #keepLogs()} was called.
 */
public interface MailServers extends AutoCloseable {

    /** Dovecot's plain IMAP listener. */
    UpstreamAddress imap();

    /**
     * Dovecot's plain IMAP listener with {@code haproxy = yes}: it expects a PROXY protocol
     * header (v1 or v2) from Postern and takes the client's address from it.
     */
    UpstreamAddress imapHaproxy();

    /**
     * Dovecot's log file, when it can be read from this machine (local binaries); empty for a
     * container.
     */
    default Optional<Path> dovecotLog() {
        return Optional.empty();
    }

    /**
     * Postfix's log file, when it can be read from this machine (local binaries); empty for a
     * container.
     */
    default Optional<Path> postfixLog() {
        return Optional.empty();
    }

    /** Dovecot's plain POP3 listener. */
    UpstreamAddress pop3();

    /** Postfix's smtpd: XCLIENT allowed from Postern's address, AUTH checked by Dovecot. */
    UpstreamAddress smtp();

    /** Dovecot's implicit-TLS IMAP listener, when started with TLS. */
    Optional<UpstreamAddress> imaps();

    /** Dovecot's implicit-TLS POP3 listener, when started with TLS. */
    Optional<UpstreamAddress> pop3s();

    /** The self-signed certificate (PEM, for localhost and 127.0.0.1) of the TLS listeners. */
    Optional<Path> certificate();

    /** The passwd-file users, each with a mailbox at {@link MailUser#address()}. */
    List<MailUser> users();

    /** The {@code index}-th user (from 0): give each test its own to keep their mailboxes apart. */
    default MailUser user(int index) {
        return users().get(index);
    }

    /** How the servers run, for messages: "local binaries" or a container id. */
    String engine();

    /** Where the servers' logs are (with {@link #keepLogs()}, where they will stay). */
    String logs();

    /**
     * Keeps the servers' logs and files after {@link #close()}, for a failed test to be
     * looked into; returns where they are.
     */
    String keepLogs();

    /** Stops both servers by pid and deletes their files unless {@link #keepLogs()} was called. */
    @Override
    void close();
}
