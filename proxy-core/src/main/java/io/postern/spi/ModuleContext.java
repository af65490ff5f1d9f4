package io.postern.spi;

import io.postern.spi.filter.FilterFactory;
import io.postern.spi.imap.ImapFilter;
import io.postern.spi.pop3.Pop3Filter;
import io.postern.spi.smtp.SmtpFilter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a module sees while it is configured: the settings, and the phases it registers
 * handlers in. Handlers are registered under a name that is unique within the phase; the
 * process-level {@code phases} block of the config orders them by that name. Handlers not
 * named there run after the named ones, in module-name order and then in registration order.
 *
 * <p>Valid only during {@link PosternModule#configure(ModuleContext)}; registering later is
 * refused because the phase lists are frozen once the listeners start.
 */
public interface ModuleContext {

    /** This module's name, from its descriptor. */
    String moduleName();

    /** The settings of the {@code mail} block itself (defaults included). */
    ServerConfig mail();

    /** Every server block, in the order of the config file. */
    List<ServerConfig> servers();

    /**
     * The directory relative paths in the configuration are resolved against (the directory
     * of the main config file), as nginx resolves them against its prefix.
     */
    Path configDirectory();

    /**
     * The prefix directory ({@code postern -p}, the directory above {@code bin/} in the
     * distribution). As in nginx, files a module writes (logs) are resolved against it, while
     * files it reads (a users file, certificates) are resolved against
     * {@link #configDirectory()}. The default, for test doubles, is the config directory.
     */
    default Path prefix() {
        return configDirectory();
    }

    /**
     * Reads the core's network buffer pool now; call it from any thread, as often as a metrics
     * scrape needs (it is cheap). Added in SPI 1.2; the default, for test doubles, reads zero.
     */
    default Supplier<BufferPoolUsage> bufferPoolUsage() {
        return () -> new BufferPoolUsage(0, 0);
    }

    /**
     * Reads the time every module's code has taken on the event loops so far, one entry per
     * module that has been called; from any thread, as often as a metrics scrape needs. Added in
     * SPI 1.4; the default, for test doubles, reads nothing.
     */
    default Supplier<List<ModuleTime>> moduleTimes() {
        return List::of;
    }

    /**
     * The state shared with the other Postern instances ({@code mail.redis}), or empty when the
     * configuration has no {@code redis} block. The store connects when Postern starts, not
     * during {@code configure} (nor ever under {@code postern -t}): keep it, and use it from the
     * handlers. Added in SPI 1.4; the default, for test doubles, is empty.
     */
    default Optional<SharedStore> sharedStore() {
        return Optional.empty();
    }

    /**
     * Operations on the sessions of the whole deployment ({@link SessionControl#kick}); usable once
     * Postern started. Added in SPI 1.4; the default, for test doubles, is empty.
     */
    default Optional<SessionControl> sessionControl() {
        return Optional.empty();
    }

    /**
     * Outbound TCP connections and timers on the core's event loops ({@link Connector}): a module
     * that talks to a server of its own does it on the session's loop, without threads of its own.
     * Usable once Postern started. Added in SPI 1.5; the default, for test doubles, refuses.
     */
    default Connector connector() {
        throw new UnsupportedOperationException("this context has no connector");
    }

    /** Adds a handler to the AUTH phase. */
    void addAuthenticator(String name, Authenticator authenticator);

    /** Adds a handler to the UPSTREAM phase. */
    void addUpstreamSelector(String name, UpstreamSelector selector);

    /** Adds a listener to the LOG phase. */
    void addSessionListener(String name, SessionListener listener);

    /**
     * Adds a filter to the POST-LOGIN phase of IMAP sessions (phase key {@code imap_filter}).
     * Added in SPI 1.2; the default, for test doubles, refuses.
     */
    default void addImapFilter(String name, FilterFactory<ImapFilter> factory) {
        throw new UnsupportedOperationException("this context takes no filters");
    }

    /** Adds a filter to the POST-LOGIN phase of POP3 sessions (phase key {@code pop3_filter}). Added in SPI 1.2. */
    default void addPop3Filter(String name, FilterFactory<Pop3Filter> factory) {
        throw new UnsupportedOperationException("this context takes no filters");
    }

    /** Adds a filter to the POST-LOGIN phase of SMTP sessions (phase key {@code smtp_filter}). Added in SPI 1.2. */
    default void addSmtpFilter(String name, FilterFactory<SmtpFilter> factory) {
        throw new UnsupportedOperationException("this context takes no filters");
    }
}
