package io.postern.sandbox;

import io.postern.spi.Directive;
import io.postern.spi.DirectiveType;
import io.postern.spi.ModuleContext;
import io.postern.spi.PosternModule;
import io.postern.spi.Reconfiguration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The sandbox module: with {@code sandbox = on} in the {@code mail} block it runs an embedded
 * GreenMail server (IMAP, POP3, SMTP) on loopback, creates the {@code sandbox_users} in it,
 * and registers the authenticator {@code sandbox} that lets those users in and routes them to
 * it. With the sandbox off (the default) it does nothing at all.
 *
 * <p>It is what makes the shipped configuration work on a machine with no mail server:
 * {@code bin/postern}, then log in to Postern as {@code demo@localhost} / {@code demo}.
 */
public final class SandboxModule implements PosternModule {

    /** The name the authenticator is registered under, for the {@code phases} block. */
    public static final String AUTHENTICATOR_NAME = "sandbox";

    private volatile SandboxSettings settings;
    private volatile EmbeddedMailServer server;

    /** Called by {@link java.util.ServiceLoader}. */
    public SandboxModule() {
    }

    @Override
    public List<Directive> directives() {
        return List.of(
                Directive.of(SandboxSettings.SANDBOX, DirectiveType.FLAG).mailBlockOnly(),
                Directive.of(SandboxSettings.AUTHENTICATE, DirectiveType.FLAG).mailBlockOnly(),
                Directive.of(SandboxSettings.LISTEN, DirectiveType.STRING).mailBlockOnly(),
                Directive.of(SandboxSettings.IMAP_PORT, DirectiveType.INTEGER).mailBlockOnly(),
                Directive.of(SandboxSettings.POP3_PORT, DirectiveType.INTEGER).mailBlockOnly(),
                Directive.of(SandboxSettings.SMTP_PORT, DirectiveType.INTEGER).mailBlockOnly(),
                Directive.of(SandboxSettings.USERS, DirectiveType.STRING_LIST).mailBlockOnly());
    }

    /** Reads the mail-level settings; when the sandbox is on (and authenticates), registers its authenticator. */
    @Override
    public void configure(ModuleContext context) {
        Objects.requireNonNull(context, "context");
        final SandboxSettings read = SandboxSettings.from(context.mail());
        settings = read;
        if (!read.enabled() || !read.authenticate()) {
            return; // with sandbox_authenticate off, another module (module-auth) says who may log in
        }
        context.addAuthenticator(AUTHENTICATOR_NAME, new SandboxAuthenticator(read));
    }

    /** Starts GreenMail when the sandbox is on; never called by {@code postern -t}. */
    @Override
    public void start() {
        if (settings == null) {
            throw new IllegalStateException("start() before configure()");
        }
        if (!settings.enabled()) {
            return;
        }
        final EmbeddedMailServer started = new EmbeddedMailServer(settings);
        started.start();
        server = started;
    }

    /**
     * A reload keeps the embedded server and its mailboxes while its address, ports and users
     * stay the same ({@code sandbox_authenticate} may change); it starts the server when the
     * sandbox is turned on, and stops it, once the sessions relayed to it have ended, when the
     * sandbox is turned off. Any other change is refused: the embedded server is started with
     * its settings, and they change at a restart (its mailboxes live in memory anyway).
     */
    @Override
    public Optional<Reconfiguration> reconfigure(ModuleContext context) {
        final SandboxSettings read = SandboxSettings.from(context.mail());
        final EmbeddedMailServer running = server;
        if (read.enabled() && running != null && !sameServer(settings, read)) {
            throw new IllegalArgumentException("sandbox: sandbox_listen, the sandbox ports or sandbox_users changed "
                    + "(expected: the same as at start, since the embedded server takes them only at a restart)");
        }
        final EmbeddedMailServer started = read.enabled() && running == null ? new EmbeddedMailServer(read) : null;
        if (started != null) {
            started.start();
        }
        if (read.enabled() && read.authenticate()) {
            context.addAuthenticator(AUTHENTICATOR_NAME, new SandboxAuthenticator(read));
        }
        return Optional.of(new Reconfiguration() {
            @Override
            public void commit() {
                settings = read;
                if (started != null) {
                    server = started;
                } else if (!read.enabled()) {
                    server = null; // closed in retired(): sessions of before may still be relayed to it
                }
            }

            @Override
            public void abandon() {
                if (started != null) {
                    started.close();
                }
            }

            @Override
            public void retired() {
                if (!read.enabled() && running != null) {
                    running.close();
                }
            }
        });
    }

    private static boolean sameServer(SandboxSettings a, SandboxSettings b) {
        return a.listen().equals(b.listen()) && a.imapPort() == b.imapPort() && a.pop3Port() == b.pop3Port()
                && a.smtpPort() == b.smtpPort() && a.users().equals(b.users());
    }

    /** Stops GreenMail, if it was started. */
    @Override
    public void close() {
        final EmbeddedMailServer running = server;
        server = null;
        if (running != null) {
            running.close();
        }
    }

    /** Whether the embedded servers are running; for tests and diagnostics. */
    boolean running() {
        return server != null && server.running();
    }
}
