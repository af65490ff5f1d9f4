package io.postern.sandbox;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** GreenMail's IMAP, POP3 and SMTP servers on the sandbox's address and ports, with its users. */
final class EmbeddedMailServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMailServer.class);

    /**
     * How long GreenMail may take to bind each server. Its default (2s) is short for a loaded
     * CI machine; a port that is taken fails at once anyway.
     */
    private static final long STARTUP_TIMEOUT_MILLIS = 10_000;

    private final SandboxSettings settings;
    private GreenMail greenMail;

    EmbeddedMailServer(SandboxSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Binds the three servers and creates the users. Blocks until the servers accept
     * connections (at most {@link #STARTUP_TIMEOUT_MILLIS} each): this runs on the start-up
     * thread, before Postern's own listeners open.
     */
    synchronized void start() {
        if (greenMail != null) {
            throw new IllegalStateException("already started");
        }
        final ServerSetup[] setups = {
            setup(settings.imapPort(), ServerSetup.PROTOCOL_IMAP),
            setup(settings.pop3Port(), ServerSetup.PROTOCOL_POP3),
            setup(settings.smtpPort(), ServerSetup.PROTOCOL_SMTP),
        };
        refuseTakenPorts();
        final GreenMail server = new GreenMail(setups);
        // Jakarta Mail and Activation look their providers up through the thread's context
        // class loader first, and GreenMail's server threads inherit the one set while they
        // are created. In Postern that is the core's loader: it cannot see this jar's classes,
        // and where it carries a Jakarta Mail of its own (the core's tests do) the lookups would
        // find providers of another loader and fail as "not a subtype". Hand them this jar's.
        final Thread thread = Thread.currentThread();
        final ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(EmbeddedMailServer.class.getClassLoader());
        try {
            server.start();
            for (SandboxUser user : settings.users()) {
                server.setUser(user.email(), user.login(), user.password());
            }
        } catch (RuntimeException e) {
            server.stop();
            throw new IllegalStateException("sandbox: cannot start GreenMail on " + settings.listen()
                    + " (ports " + settings.imapPort() + ", " + settings.pop3Port() + ", " + settings.smtpPort()
                    + "): " + e.getMessage(), e);
        } finally {
            thread.setContextClassLoader(previous);
        }
        greenMail = server;
        final String users = String.join(", ", settings.users().stream().map(SandboxUser::login).toList());
        for (ServerSetup setup : setups) {
            log.info("sandbox: {} server listening on {}:{} for {}", setup.getProtocol().toUpperCase(Locale.ROOT),
                    settings.listen(), setup.getPort(), users);
        }
    }

    /**
     * Binds each port once before GreenMail does, so that a taken one is one line naming it,
     * as nginx names an address it cannot bind; GreenMail itself would log the failure with a
     * stack trace from a thread of its own. (A port taken between this check and GreenMail's
     * bind still fails GreenMail's start, as before.)
     */
    private void refuseTakenPorts() {
        int[] ports = {settings.imapPort(), settings.pop3Port(), settings.smtpPort()};
        String[] directives = {SandboxSettings.IMAP_PORT, SandboxSettings.POP3_PORT, SandboxSettings.SMTP_PORT};
        for (int i = 0; i < ports.length; i++) {
            InetSocketAddress address = new InetSocketAddress(settings.listen(), ports[i]);
            try (ServerSocket probe = new ServerSocket()) {
                probe.setReuseAddress(true); // as GreenMail binds: a port in TIME_WAIT is free
                probe.bind(address);
            } catch (IOException e) {
                throw new IllegalStateException("sandbox: bind() to " + settings.listen() + ":" + ports[i]
                        + " failed (" + e.getMessage() + "): free the port, choose another with "
                        + directives[i] + ", or set sandbox = off", e);
            }
        }
    }

    /** Whether the servers are running. */
    synchronized boolean running() {
        return greenMail != null;
    }

    /** Stops the servers; the mailboxes, kept in memory, are gone. Does nothing when not started. */
    @Override
    public synchronized void close() {
        if (greenMail == null) {
            return;
        }
        try {
            greenMail.stop();
            log.info("sandbox: GreenMail stopped");
        } finally {
            greenMail = null;
        }
    }

    private ServerSetup setup(int port, String protocol) {
        final ServerSetup setup = new ServerSetup(port, settings.listen(), protocol);
        setup.setServerStartupTimeout(STARTUP_TIMEOUT_MILLIS);
        return setup;
    }
}
