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
import io.postern.engine.ProxyServer;
import io.postern.engine.StartupException;
import io.postern.imap.ImapProtocol;
import io.postern.logging.ErrorLogTarget;
import io.postern.logging.ErrorLogs;
import io.postern.pop3.Pop3Protocol;
import io.postern.redis.RedisStore;
import io.postern.smtp.SmtpProtocol;
import io.postern.module.LoadedModule;
import io.postern.module.ModuleLoadException;
import io.postern.module.ModuleLoader;
import io.postern.module.ModuleReport;
import io.postern.module.ModuleStartException;
import io.postern.module.Phases;
import io.postern.module.PhasesBuilder;
import io.postern.spi.Directive;
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

    private final PosternConfig config;
    private final List<LoadedModule> modules;
    private final Phases phases;
    private final Optional<RedisStore> redis;
    private final Kicks kicks;
    private ProxyServer server;
    private ErrorLogs errorLogs = ErrorLogs.install(Map.of(), Path.of("."));
    private boolean closed;

    private Postern(PosternConfig config, List<LoadedModule> modules, Phases phases, Optional<RedisStore> redis,
                    Kicks kicks) {
        this.config = config;
        this.modules = modules;
        this.phases = phases;
        this.redis = redis;
        this.kicks = kicks;
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
        List<LoadedModule> modules = new ArrayList<>(ModuleLoader.load(raw.process().modulesDir(), classpath));
        modules.addAll(extraModules);
        try {
            DirectiveRegistry registry = new DirectiveRegistry();
            CoreDirectives.registerAll(registry);
            for (LoadedModule module : modules) {
                String owner = module.descriptor().name();
                for (Directive directive : module.directives()) {
                    registry.register(owner, directive);
                }
                module.reference().ifPresent(reference -> registry.addDefaults(owner, reference));
            }
            PosternConfig config = ConfigLoader.validate(raw, registry, PROTOCOLS.keySet());
            // Not connected yet: postern -t configures the modules too, and must not reach Redis.
            Optional<RedisStore> redis = config.redis().map(RedisStore::new);
            Kicks kicks = new Kicks(redis.map(SharedStore.class::cast));
            return new Postern(config, modules, configureModules(config, modules, redis, kicks), redis, kicks);
        } catch (ConfigException | ModuleLoadException | RuntimeException | Error e) {
            modules.forEach(LoadedModule::close);
            throw e;
        }
    }

    private static Phases configureModules(PosternConfig config, List<LoadedModule> modules,
                                           Optional<RedisStore> redis, Kicks kicks)
            throws ConfigException, ModuleLoadException {
        PhasesBuilder builder = new PhasesBuilder(config.prefix(), redis.map(SharedStore.class::cast), kicks);
        List<ServerConfig> servers = config.servers().stream().map(s -> s.directives()).toList();
        Path configDirectory = config.file().toAbsolutePath().getParent();
        for (LoadedModule module : modules) {
            try {
                builder.configure(module, config.mail(), servers, configDirectory);
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw ConfigException.of(config.file(), e.getMessage());
            } catch (RuntimeException | Error e) {
                throw module.failed("configure()", e);
            }
        }
        try {
            return builder.build(config.process().phaseOrder());
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
        server = ProxyServer.start(config, phases, PROTOCOLS, redis.map(SharedStore.class::cast));
        kicks.bind(server);
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
    public void shutdown() {
        if (server != null) {
            server.shutdown(config.process().shutdownTimeout());
            server = null;
        }
        close();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (server != null) {
            server.close();
            server = null;
        }
        errorLogs.close();
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
