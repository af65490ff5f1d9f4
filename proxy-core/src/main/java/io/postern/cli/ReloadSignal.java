package io.postern.cli;

import io.postern.Postern;
import io.postern.config.ConfigException;
import io.postern.engine.StartupException;
import io.postern.module.ModuleLoadException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGHUP ({@code postern -s reload}): the configuration reloaded, or, when it is broken, each
 * error logged on a line of its own as {@code postern -t} prints it and the running
 * configuration kept. Never lets anything escape to the signal's thread.
 */
final class ReloadSignal implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ReloadSignal.class);

    private final Postern postern;

    ReloadSignal(Postern postern) {
        this.postern = postern;
    }

    @Override
    public void run() {
        if (!postern.serving()) {
            LOG.warn("reload ignored: postern is stopping");
            return;
        }
        LOG.info("reloading the configuration {}", postern.config().file());
        try {
            Postern.ReloadResult result = postern.reload();
            LOG.info("configuration reloaded: new sessions use it; {} open session(s) keep the previous one until "
                    + "they end", result.previousSessions());
            return;
        } catch (ConfigException | ModuleLoadException | StartupException e) {
            for (String line : e.getMessage().split("\n")) {
                LOG.error("{}", line);
            }
        } catch (RuntimeException | LinkageError e) {
            LOG.error("reload failed: {}", e.toString(), e);
        }
        LOG.error("reload refused: the running configuration is unchanged");
    }
}
