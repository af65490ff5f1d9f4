package io.postern;

import io.postern.config.ConfigException;
import io.postern.config.ConfigLoader;
import io.postern.config.PosternConfig;
import io.postern.config.ProcessSettings;
import io.postern.config.RawConfig;
import io.postern.module.LoadedModule;
import io.postern.module.ModuleLoadException;
import io.postern.module.ModuleLoader;
import io.postern.module.ModuleReload;
import io.postern.module.ModuleStartException;
import io.postern.module.Phases;
import io.postern.module.PhasesBuilder;
import io.postern.spi.InvalidDirectiveException;
import io.postern.spi.Reconfiguration;
import io.postern.spi.ServerConfig;
import io.postern.spi.Connector;
import io.postern.spi.SessionControl;
import io.postern.spi.SharedStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first half of a reload, which changes nothing that serves: the configuration file read
 * and validated again as at start-up (certificates and the modules' files included), and every
 * module's new state prepared with its new handlers in new phases. Any failure abandons what
 * was prepared and is thrown, so the running configuration goes on untouched.
 *
 * @param config the new configuration
 * @param phases the new phases, for new sessions
 * @param modules each module's prepared part, in module order
 */
record PreparedReload(PosternConfig config, Phases phases, List<ModuleReload> modules) {

    private static final Logger LOG = LoggerFactory.getLogger(PreparedReload.class);

    PreparedReload {
        modules = List.copyOf(modules);
    }

    /**
     * @param shared the running {@code mail.redis} store: a process-wide connection, which a
     *     reload keeps (a changed {@code redis} block takes effect at restart)
     * @param sessionControl the running kicks, bound to the running server
     * @param connector the modules' connector, bound to the running server's loops
     */
    static PreparedReload prepare(PosternConfig running, List<LoadedModule> modules, List<String> startJars,
                                  Optional<SharedStore> shared, SessionControl sessionControl, Connector connector)
            throws ConfigException, ModuleLoadException {
        RawConfig raw = ConfigLoader.parse(running.file(), running.prefix());
        PosternConfig config = ConfigLoader.validate(raw, Postern.registry(modules), Postern.PROTOCOLS.keySet());
        warnRestartOnly(running.process(), config.process());
        if (!running.redis().equals(config.redis())) {
            LOG.warn("mail.redis changed: the connection to Redis is the process's, it takes effect at restart");
        }
        List<String> jars = ModuleLoader.jarNames(running.process().modulesDir());
        if (!jars.equals(startJars)) {
            LOG.warn("the module jars in {} changed since the start ({} then, {} now): modules are loaded at start-up "
                    + "only, restart postern to load them", running.process().modulesDir(), startJars, jars);
        }
        PhasesBuilder builder = new PhasesBuilder(config.prefix(), shared, sessionControl, connector);
        List<ServerConfig> servers = config.servers().stream().map(s -> (ServerConfig) s.directives()).toList();
        Path configDirectory = config.file().toAbsolutePath().getParent();
        List<ModuleReload> prepared = new ArrayList<>();
        try {
            for (LoadedModule module : modules) {
                prepared.add(prepare(module, builder, config, servers, configDirectory));
            }
            return new PreparedReload(config, Postern.build(builder, config, raw), prepared);
        } catch (ConfigException | ModuleLoadException | RuntimeException | Error e) {
            prepared.forEach(ModuleReload::abandon);
            throw e;
        }
    }

    private static ModuleReload prepare(LoadedModule module, PhasesBuilder builder, PosternConfig config,
                                        List<ServerConfig> servers, Path configDirectory)
            throws ConfigException, ModuleLoadException {
        Optional<Reconfiguration> step;
        try {
            step = builder.reconfigure(module, config.mail(), servers, configDirectory);
        } catch (InvalidDirectiveException e) {
            throw Postern.problems(config, e);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw ConfigException.of(config.file(), e.getMessage());
        } catch (Exception | Error e) {
            throw module.failed("reconfigure()", e);
        }
        if (step.isPresent()) {
            return new ModuleReload.InPlace(module, step.get());
        }
        LoadedModule fresh = module.freshInstance();
        try {
            Postern.configureModule(builder, fresh, config, servers, configDirectory);
            fresh.start();
        } catch (ModuleStartException e) {
            fresh.closeInstance();
            throw ModuleLoadException.of(e.getMessage(), e);
        } catch (ConfigException | ModuleLoadException | RuntimeException | Error e) {
            fresh.closeInstance();
            throw e;
        }
        return new ModuleReload.Replaced(module, fresh);
    }

    /** The process settings a running process cannot change: each one changed is named once. */
    private static void warnRestartOnly(ProcessSettings running, ProcessSettings reloaded) {
        if (running.eventLoopThreads() != reloaded.eventLoopThreads()) {
            LOG.warn("event_loop_threads changed: it takes effect at restart");
        }
        if (!running.modulesDir().equals(reloaded.modulesDir())) {
            LOG.warn("modules_dir changed: it takes effect at restart");
        }
        if (!running.pidFile().equals(reloaded.pidFile())) {
            LOG.warn("pid changed: it takes effect at restart (the pid file stays {})", running.pidFile());
        }
    }
}
