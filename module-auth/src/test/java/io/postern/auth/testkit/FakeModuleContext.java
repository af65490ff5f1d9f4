package io.postern.auth.testkit;

import io.postern.engine.ModuleConnector;
import io.postern.spi.Authenticator;
import io.postern.spi.Connector;
import io.postern.spi.ModuleContext;
import io.postern.spi.ServerConfig;
import io.postern.spi.SessionListener;
import io.postern.spi.UpstreamSelector;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Records what a feature registers while it is configured. */
public final class FakeModuleContext implements ModuleContext {

    public final Map<String, Authenticator> authenticators = new LinkedHashMap<>();
    public final Map<String, SessionListener> listeners = new LinkedHashMap<>();
    private final Path directory;
    private final List<ServerConfig> servers;

    public FakeModuleContext(Path directory, ServerConfig... servers) {
        this.directory = directory;
        this.servers = List.of(servers);
    }

    @Override
    public String moduleName() {
        return "auth";
    }

    @Override
    public ServerConfig mail() {
        return servers.get(0);
    }

    @Override
    public List<ServerConfig> servers() {
        return servers;
    }

    @Override
    public Path configDirectory() {
        return directory;
    }

    /** One connector on a loop of its own for every test of the JVM (its thread is a daemon). */
    @Override
    public Connector connector() {
        return SharedConnector.INSTANCE;
    }

    private static final class SharedConnector {
        static final ModuleConnector INSTANCE = ModuleConnector.standalone();
    }

    @Override
    public void addAuthenticator(String name, Authenticator authenticator) {
        authenticators.put(name, authenticator);
    }

    @Override
    public void addUpstreamSelector(String name, UpstreamSelector selector) {
        throw new UnsupportedOperationException("module-auth's features select no upstream");
    }

    @Override
    public void addSessionListener(String name, SessionListener listener) {
        listeners.put(name, listener);
    }
}
