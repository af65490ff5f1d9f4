package io.postern.module;

import io.postern.spi.Authenticator;
import io.postern.spi.BufferPoolUsage;
import io.postern.spi.Connector;
import io.postern.spi.InvalidDirectiveException;
import io.postern.spi.ModuleContext;
import io.postern.spi.ModuleTime;
import io.postern.spi.PosternModule;
import io.postern.spi.Reconfiguration;
import io.postern.spi.ServerConfig;
import io.postern.spi.SessionListener;
import io.postern.spi.SessionControl;
import io.postern.spi.SharedStore;
import io.postern.spi.UpstreamSelector;
import io.postern.spi.filter.FilterFactory;
import io.postern.spi.imap.ImapFilter;
import io.postern.spi.pop3.Pop3Filter;
import io.postern.spi.smtp.SmtpFilter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Collects the handlers modules register while they are configured, then freezes them into
 * {@link Phases}. Use one builder per start-up (or reload): hand each module a
 * {@linkplain #contextFor context} (or let {@link #configure} do it), then {@link #build} once.
 * After that every context refuses registrations, because the phase lists the event loops
 * read must not change under them.
 */
public final class PhasesBuilder {

    static final String REGISTRATION_CLOSED = "handlers can only be registered while the module is configured";

    private final List<Named<Authenticator>> authenticators = new ArrayList<>();
    private final List<Named<UpstreamSelector>> upstreamSelectors = new ArrayList<>();
    private final List<Named<SessionListener>> sessionListeners = new ArrayList<>();
    private final List<Named<FilterFactory<ImapFilter>>> imapFilters = new ArrayList<>();
    private final List<Named<FilterFactory<Pop3Filter>>> pop3Filters = new ArrayList<>();
    private final List<Named<FilterFactory<SmtpFilter>>> smtpFilters = new ArrayList<>();
    private final Path prefix;
    private final Optional<SharedStore> sharedStore;
    private final Optional<SessionControl> sessionControl;
    /** What {@link ModuleContext#connector()} gives; null refuses (tests). */
    private final Connector connector;
    private boolean built;

    /** A builder whose contexts report the config directory as the prefix (tests). */
    public PhasesBuilder() {
        this(null);
    }

    /** @param prefix the prefix directory reported by {@link ModuleContext#prefix()} */
    public PhasesBuilder(Path prefix) {
        this(prefix, Optional.empty());
    }

    /**
     * @param prefix the prefix directory reported by {@link ModuleContext#prefix()}
     * @param sharedStore what {@link ModuleContext#sharedStore()} gives ({@code mail.redis})
     */
    public PhasesBuilder(Path prefix, Optional<SharedStore> sharedStore) {
        this.prefix = prefix;
        this.sharedStore = Objects.requireNonNull(sharedStore, "sharedStore");
        this.sessionControl = Optional.empty();
        this.connector = null;
    }

    /** @param sessionControl what {@link ModuleContext#sessionControl()} gives */
    public PhasesBuilder(Path prefix, Optional<SharedStore> sharedStore, SessionControl sessionControl) {
        this(prefix, sharedStore, sessionControl, null);
    }

    /** @param connector what {@link ModuleContext#connector()} gives (the process's, for its lifetime) */
    public PhasesBuilder(Path prefix, Optional<SharedStore> sharedStore, SessionControl sessionControl,
                         Connector connector) {
        this.prefix = prefix;
        this.sharedStore = Objects.requireNonNull(sharedStore, "sharedStore");
        this.sessionControl = Optional.of(sessionControl);
        this.connector = connector;
    }

    /**
     * The context a module is configured with; it registers into this builder until
     * {@link #build} is called.
     */
    public ModuleContext contextFor(LoadedModule module, ServerConfig mail, List<ServerConfig> servers,
                                    Path configDirectory) {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(mail, "mail");
        Objects.requireNonNull(servers, "servers");
        Objects.requireNonNull(configDirectory, "configDirectory");
        synchronized (this) {
            if (built) {
                throw new IllegalStateException("phases already built");
            }
        }
        return new Context(module.name(), module.loader(), mail, List.copyOf(servers), configDirectory);
    }

    /**
     * Configures the module with a fresh context, with the module's loader as the thread's
     * context loader. The context stops accepting handlers when {@code configure} returns,
     * as the SPI promises.
     *
     * @throws IllegalArgumentException the module's own complaint about its settings,
     *     prefixed with the module's name and source
     */
    public void configure(LoadedModule module, ServerConfig mail, List<ServerConfig> servers, Path configDirectory) {
        Context context = (Context) contextFor(module, mail, servers, configDirectory);
        try {
            ContextLoader.run(module.loader(), () -> module.module().configure(context));
        } catch (InvalidDirectiveException e) {
            throw e; // located by the caller, at the value's file and line: the directive names it
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(module + ": " + e.getMessage(), e);
        } finally {
            context.close();
        }
    }

    /**
     * Asks the module to prepare its part of a reload ({@link PosternModule#reconfigure}) with a
     * fresh context, with the module's loader as the thread's context loader; the context stops
     * accepting handlers when the call returns.
     *
     * @return the module's step, or empty when it asks for a fresh instance (the default)
     * @throws IllegalArgumentException the module's own complaint about its settings,
     *     prefixed with the module's name and source
     * @throws Exception whatever else the module threw
     */
    public Optional<Reconfiguration> reconfigure(LoadedModule module, ServerConfig mail, List<ServerConfig> servers,
                                                 Path configDirectory) throws Exception {
        Context context = (Context) contextFor(module, mail, servers, configDirectory);
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(module.loader());
        try {
            return Objects.requireNonNull(module.module().reconfigure(context), "reconfigure() returned null");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(module + ": " + e.getMessage(), e);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
            context.close();
        }
    }

    /**
     * Freezes the phases. Can be called once.
     *
     * @param order per phase key ({@code auth}, {@code upstream}, {@code log}, {@code imap_filter}, …), the handler
     *     names that run first, in that order; the others follow, sorted by module name and
     *     then in registration order
     * @throws IllegalArgumentException for an unknown phase key, or a name no module registered
     */
    public synchronized Phases build(Map<String, List<String>> order) {
        Objects.requireNonNull(order, "order");
        if (built) {
            throw new IllegalStateException("phases already built");
        }
        for (String key : order.keySet()) {
            if (Phase.ofKey(key).isEmpty()) {
                throw new IllegalArgumentException("phases." + key + ": unknown phase (expected: " + Phase.keys() + ")");
            }
        }
        Phases phases = new Phases(ordered(Phase.AUTH, authenticators, order),
                ordered(Phase.UPSTREAM, upstreamSelectors, order), ordered(Phase.LOG, sessionListeners, order),
                ordered(Phase.IMAP_FILTER, imapFilters, order), ordered(Phase.POP3_FILTER, pop3Filters, order),
                ordered(Phase.SMTP_FILTER, smtpFilters, order));
        built = true;
        return phases;
    }

    private static <T> List<Named<T>> ordered(Phase phase, List<Named<T>> registered, Map<String, List<String>> order) {
        List<Named<T>> byDefault = new ArrayList<>(registered);
        // List.sort is stable, so a module's handlers keep their registration order.
        byDefault.sort(Comparator.comparing(Named::module));
        Map<String, Named<T>> remaining = new LinkedHashMap<>();
        byDefault.forEach(h -> remaining.put(h.name(), h));
        List<Named<T>> result = new ArrayList<>();
        for (String name : order.getOrDefault(phase.key(), List.of())) {
            Named<T> handler = remaining.remove(name);
            if (handler == null) {
                throw new PhaseOrderException(phase.key(), unknownName(phase, name, byDefault, result));
            }
            result.add(handler);
        }
        result.addAll(remaining.values());
        return result;
    }

    private static String unknownName(Phase phase, String name, List<? extends Named<?>> registered,
                                      List<? extends Named<?>> listed) {
        String prefix = "phases." + phase.key() + ": ";
        if (listed.stream().anyMatch(h -> h.name().equals(name))) {
            return prefix + "handler \"" + name + "\" listed twice";
        }
        List<String> names = registered.stream().map(Named::name).toList();
        return prefix + "no handler named \"" + name + "\" (registered: "
                + (names.isEmpty() ? "none" : String.join(", ", names)) + ")";
    }

    private synchronized <T> void register(Phase phase, List<Named<T>> handlers, Named<T> handler, boolean open) {
        if (built || !open) {
            throw new IllegalStateException(REGISTRATION_CLOSED);
        }
        for (Named<T> existing : handlers) {
            if (existing.name().equals(handler.name())) {
                throw new IllegalArgumentException(phase.key() + ": handler \"" + handler.name() + "\" of module \""
                        + handler.module() + "\" has the name of a handler of module \"" + existing.module()
                        + "\" (expected: names unique within the phase)");
            }
        }
        handlers.add(handler);
    }

    /** What one module registers through; valid until configured or until the phases are built. */
    private final class Context implements ModuleContext {

        private final String moduleName;
        private final ClassLoader moduleLoader;
        private final ServerConfig mail;
        private final List<ServerConfig> servers;
        private final Path configDirectory;
        private volatile boolean open = true;

        Context(String moduleName, ClassLoader moduleLoader, ServerConfig mail, List<ServerConfig> servers,
                Path configDirectory) {
            this.moduleName = moduleName;
            this.moduleLoader = moduleLoader;
            this.mail = mail;
            this.servers = servers;
            this.configDirectory = configDirectory;
        }

        void close() {
            open = false;
        }

        @Override
        public String moduleName() {
            return moduleName;
        }

        @Override
        public ServerConfig mail() {
            return mail;
        }

        @Override
        public List<ServerConfig> servers() {
            return servers;
        }

        @Override
        public Path configDirectory() {
            return configDirectory;
        }

        @Override
        public Path prefix() {
            return prefix == null ? configDirectory : prefix;
        }

        @Override
        public Supplier<BufferPoolUsage> bufferPoolUsage() {
            return BufferPools::usage;
        }

        @Override
        public Supplier<List<ModuleTime>> moduleTimes() {
            return ModuleTimes::snapshot;
        }

        @Override
        public Optional<SharedStore> sharedStore() {
            return sharedStore;
        }

        @Override
        public Optional<SessionControl> sessionControl() {
            return sessionControl;
        }

        @Override
        public Connector connector() {
            return connector != null ? connector : ModuleContext.super.connector();
        }

        @Override
        public void addAuthenticator(String name, Authenticator authenticator) {
            register(Phase.AUTH, authenticators, named(name, authenticator, "authenticator"), open);
        }

        @Override
        public void addUpstreamSelector(String name, UpstreamSelector selector) {
            register(Phase.UPSTREAM, upstreamSelectors, named(name, selector, "selector"), open);
        }

        @Override
        public void addSessionListener(String name, SessionListener listener) {
            register(Phase.LOG, sessionListeners, named(name, listener, "listener"), open);
        }

        @Override
        public void addImapFilter(String name, FilterFactory<ImapFilter> factory) {
            register(Phase.IMAP_FILTER, imapFilters, named(name, factory, "factory"), open);
        }

        @Override
        public void addPop3Filter(String name, FilterFactory<Pop3Filter> factory) {
            register(Phase.POP3_FILTER, pop3Filters, named(name, factory, "factory"), open);
        }

        @Override
        public void addSmtpFilter(String name, FilterFactory<SmtpFilter> factory) {
            register(Phase.SMTP_FILTER, smtpFilters, named(name, factory, "factory"), open);
        }

        private <T> Named<T> named(String name, T handler, String handlerParameter) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(handler, handlerParameter);
            if (name.isBlank()) {
                throw new IllegalArgumentException("name: empty (expected: a handler name)");
            }
            return new Named<>(moduleName, name, handler, moduleLoader);
        }

        @Override
        public String toString() {
            return "ModuleContext[" + moduleName + "]";
        }
    }
}
