package io.postern;

import io.postern.config.ConfigException;
import io.postern.config.ConfigLoader;
import io.postern.config.CoreDirectives;
import io.postern.config.DirectiveRegistry;
import io.postern.config.PosternConfig;
import io.postern.config.RawConfig;
import io.postern.config.ServerSettings;
import io.postern.engine.Kicks;
import io.postern.engine.MailProtocol;
import io.postern.engine.ModuleConnector;
import io.postern.engine.ProxyServer;
import io.postern.engine.StartupException;
import io.postern.imap.ImapProtocol;
import io.postern.logging.ErrorLogTarget;
import io.postern.logging.ErrorLogs;
import io.postern.pop3.Pop3Protocol;
import io.postern.redis.RedisStore;
import io.postern.smtp.SmtpProtocol;
import io.postern.module.LoadedModule;
import io.postern.module.ModuleCallWatchdog;
import io.postern.module.ModuleLoadException;
import io.postern.module.ModuleLoader;
import io.postern.module.ModuleReload;
import io.postern.module.ModuleReport;
import io.postern.module.ModuleStartException;
import io.postern.module.PhaseOrderException;
import io.postern.module.Phases;
import io.postern.module.PhasesBuilder;
import io.postern.spi.Directive;
import io.postern.spi.InvalidDirectiveException;
import io.postern.spi.Protocol;
import io.postern.spi.SharedStore;
import io.postern.spi.ServerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Postern put together: the configuration read, the modules found and configured, the phases
 * frozen; then, on {@link #start()}, the modules started and the listeners bound. The CLI
 * and the end-to-end tests both start Postern through this class.
 */
public final class Postern implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Postern.class);

    /** The protocols this build speaks, each with its descriptor. */
    static final Map<Protocol, MailProtocol> PROTOCOLS = Map.of(
            Protocol.IMAP, new ImapProtocol(),
            Protocol.POP3, new Pop3Protocol(),
            Protocol.SMTP, new SmtpProtocol());

    private volatile PosternConfig config;
    private volatile List<LoadedModule> modules;
    private volatile Phases phases;
    private final List<String> startJars;
    private final Retirements retirements = new Retirements();
    private final Optional<RedisStore> redis;
    private final Kicks kicks;
    /** The modules' connections and timers, on the server's loops once it started. */
    private final ModuleConnector connector;
    private ProxyServer server;
    private ErrorLogs errorLogs = ErrorLogs.install(Map.of(), Path.of("."));
    private ModuleCallWatchdog watchdog;
    private boolean closed;

    private Postern(PosternConfig config, List<LoadedModule> modules, Phases phases, List<String> startJars,
                    Optional<RedisStore> redis, Kicks kicks, ModuleConnector connector) {
        this.config = config;
        this.modules = List.copyOf(modules);
        this.phases = phases;
        this.startJars = List.copyOf(startJars);
        this.redis = redis;
        this.kicks = kicks;
        this.connector = connector;
    }

    /**
     * Reads and checks the configuration, loads the modules from {@code modules_dir} and the
     * class path, and configures them: everything {@code postern -t} checks, and nothing
     * started.
     *
     * @param extraModules modules added in-process (embedding, tests), after the discovered ones
     */
    public static Postern configure(Path file, Path prefix, ClassLoader classpath, List<LoadedModule> extraModules)
            throws ConfigException, ModuleLoadException {
        RawConfig raw = ConfigLoader.parse(file, prefix);
        List<String> jars = ModuleLoader.jarNames(raw.process().modulesDir());
        List<LoadedModule> modules = new ArrayList<>(ModuleLoader.load(raw.process().modulesDir(), classpath));
        modules.addAll(extraModules);
        try {
            PosternConfig config = ConfigLoader.validate(raw, registry(modules), PROTOCOLS.keySet());
            // Not connected yet: postern -t configures the modules too, and must not reach Redis.
            Optional<RedisStore> redis = config.redis().map(RedisStore::new);
            Kicks kicks = new Kicks(redis.map(SharedStore.class::cast));
            ModuleConnector connector = new ModuleConnector();
            return new Postern(config, modules, configureModules(config, raw, modules, redis, kicks, connector), jars,
                    redis, kicks, connector);
        } catch (ConfigException | ModuleLoadException | RuntimeException | Error e) {
            modules.forEach(LoadedModule::close);
            throw e;
        }
    }

    /** The core's directives and every module's, with the defaults of the modules' reference.conf. */
    static DirectiveRegistry registry(List<LoadedModule> modules) throws ModuleLoadException {
        DirectiveRegistry registry = new DirectiveRegistry();
        CoreDirectives.registerAll(registry);
        for (LoadedModule module : modules) {
            String owner = module.descriptor().name();
            for (Directive directive : module.directives()) {
                registry.register(owner, directive);
            }
            module.reference().ifPresent(reference -> registry.addDefaults(owner, reference));
        }
        return registry;
    }

    private static Phases configureModules(PosternConfig config, RawConfig raw, List<LoadedModule> modules,
                                           Optional<RedisStore> redis, Kicks kicks, ModuleConnector connector)
            throws ConfigException, ModuleLoadException {
        PhasesBuilder builder = new PhasesBuilder(config.prefix(), redis.map(SharedStore.class::cast), kicks,
                connector);
        List<ServerConfig> servers = config.servers().stream().map(s -> s.directives()).toList();
        Path configDirectory = config.file().toAbsolutePath().getParent();
        for (LoadedModule module : modules) {
            configureModule(builder, module, config, servers, configDirectory);
        }
        return build(builder, config, raw);
    }

    static void configureModule(PhasesBuilder builder, LoadedModule module, PosternConfig config,
                                List<ServerConfig> servers, Path configDirectory)
            throws ConfigException, ModuleLoadException {
        try {
            builder.configure(module, config.mail(), servers, configDirectory);
        } catch (InvalidDirectiveException e) {
            throw problems(config, e);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw ConfigException.of(config.file(), e.getMessage());
        } catch (RuntimeException | Error e) {
            throw module.failed("configure()", e);
        }
    }

    /** A module's directive problems, each at its own file and line, with nothing else in front. */
    static ConfigException problems(PosternConfig config, InvalidDirectiveException e) {
        return new ConfigException(e.problems().stream()
                .map(p -> ConfigException.problemAt(config.file(), p.origin(), p.message())).toList());
    }

    static Phases build(PhasesBuilder builder, PosternConfig config, RawConfig raw) throws ConfigException {
        try {
            return builder.build(config.process().phaseOrder());
        } catch (PhaseOrderException e) {
            throw ConfigException.at(config.file(), raw.config(), "phases." + e.phaseKey(), e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ConfigException.of(config.file(), e.getMessage());
        }
    }

    public PosternConfig config() {
        return config;
    }

    public Phases phases() {
        return phases;
    }

    /**
     * What {@code postern -t} warns about: settings that are valid but will not do what they
     * say. An IMAP server whose sessions may be framed for filters (an IMAP filter is
     * registered) and whose {@code imap_capabilities} lists {@code COMPRESS=DEFLATE}: the framed
     * relay refuses COMPRESS after login, so the capability is not advertised.
     */
    public List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        if (phases.imapFilters().isEmpty()) {
            return warnings;
        }
        for (ServerSettings server : config.servers()) {
            if (server.protocol() == Protocol.IMAP
                    && server.imapCapabilities().stream().anyMatch(c -> c.equalsIgnoreCase("COMPRESS=DEFLATE"))) {
                warnings.add(config.file() + ": server \"" + server.name() + "\": imap_capabilities lists"
                        + " COMPRESS=DEFLATE, but its sessions may be framed for IMAP filters, which refuse"
                        + " COMPRESS after login; it is not advertised");
            }
        }
        return warnings;
    }

    /** Lists each module with its version and the handlers it registered in each phase. */
    public void logModules() {
        for (String line : ModuleReport.lines(modules, phases)) {
            LOG.info("{}", line);
        }
    }

    /** Connects to Redis (if configured), starts the modules, then binds the listeners. */
    public ProxyServer start() throws StartupException {
        Objects.requireNonNull(config, "config");
        redis.ifPresent(RedisStore::start);
        for (LoadedModule module : modules) {
            try {
                module.start();
            } catch (ModuleStartException e) {
                throw new StartupException(e.getMessage(), e);
            }
        }
        errorLogs = ErrorLogs.install(errorLogTargets(config), config.prefix());
        watchdog = ModuleCallWatchdog.start(config.mail().duration(CoreDirectives.MODULE_CALL_WARN));
        server = ProxyServer.start(config, phases, PROTOCOLS, redis.map(SharedStore.class::cast));
        kicks.bind(server);
        server.bindConnector(connector);
        return server;
    }

    /** Each server block's error_log, as checked at load. */
    private static Map<String, List<ErrorLogTarget>> errorLogTargets(PosternConfig config) {
        Map<String, List<ErrorLogTarget>> out = new LinkedHashMap<>();
        for (ServerSettings s : config.servers()) {
            out.put(s.name(), s.directives().strings(CoreDirectives.ERROR_LOG).stream().map(ErrorLogTarget::parse)
                    .toList());
        }
        return out;
    }

    /**
     * Reloads the configuration file, nginx's way ({@code postern -s reload}, SIGHUP): read and
     * validated whole again, every module prepared, the listeners it adds bound; only then are
     * the modules committed and new sessions served with it, on the listening sockets that stay
     * (never closed, so no connection is refused), while the sessions open now keep the
     * configuration they started with until they end. Listeners it no longer names are closed.
     * On any failure nothing changed: the exception says why, and the running configuration
     * goes on serving. Not on an event loop.
     *
     * @return what the reload did, for the log
     * @throws IllegalStateException when Postern is not serving
     */
    public synchronized ReloadResult reload() throws ConfigException, ModuleLoadException, StartupException {
        if (server == null || closed) {
            throw new IllegalStateException("not serving");
        }
        PreparedReload prepared = PreparedReload.prepare(config, modules, startJars, redis.map(SharedStore.class::cast), kicks,
                connector);
        ProxyServer.ListenerPlan plan;
        try {
            plan = server.bindAdded(prepared.config());
        } catch (StartupException | RuntimeException | Error e) {
            prepared.modules().forEach(ModuleReload::abandon);
            throw e;
        }
        // Nothing below refuses: the new configuration takes over.
        prepared.modules().forEach(ModuleReload::commit);
        modules = prepared.modules().stream().map(ModuleReload::module).toList();
        // Closed before the new ones open: Logback refuses two appenders on one file. A line
        // logged in between still reaches logback.xml's appenders.
        errorLogs.close();
        errorLogs = ErrorLogs.install(errorLogTargets(prepared.config()), prepared.config().prefix());
        ProxyServer.Retiring retiring = server.swap(plan, prepared.phases());
        config = prepared.config();
        phases = prepared.phases();
        retirements.add(retiring.drained(), prepared.modules());
        return new ReloadResult(retiring.sessions());
    }

    /** Whether it serves: started and not stopped, so that a reload means something. */
    public synchronized boolean serving() {
        return server != null && !closed;
    }

    /**
     * What a reload did.
     *
     * @param previousSessions the sessions that go on with the previous configuration
     */
    public record ReloadResult(int previousSessions) {
    }

    /** Asks every module to reopen its files ({@code postern -s reopen}). */
    public void reopen() {
        for (LoadedModule module : modules) {
            try {
                module.reopen();
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) { // module code: a LinkageError must not end the signal's thread either
                LOG.error("module \"{}\" failed to reopen its files: {}", module.descriptor().name(), e.toString());
            }
        }
        errorLogs.reopen();
        LOG.info("reopened log files");
    }

    /** Stops serving (draining sessions for up to {@code shutdown_timeout}), then closes the modules. */
    public synchronized void shutdown() {
        if (server != null) {
            server.shutdown(config.process().shutdownTimeout());
            server = null;
        }
        close();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (server != null) {
            server.close();
            server = null;
        }
        errorLogs.close();
        retirements.retireAll(); // instances a reload replaced, before the loaders close
        if (watchdog != null) {
            watchdog.close();
        }
        for (LoadedModule module : modules) {
            module.close();
        }
        redis.ifPresent(RedisStore::close);
    }

    /** Kicking users' sessions, as modules do it ({@code SessionControl}). */
    public io.postern.spi.SessionControl sessionControl() {
        return kicks;
    }

    /** The Redis store of {@code mail.redis}, if configured. */
    public Optional<RedisStore> redis() {
        return redis;
    }
}
