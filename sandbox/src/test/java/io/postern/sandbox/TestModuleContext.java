package io.postern.sandbox;

import io.postern.spi.Authenticator;
import io.postern.spi.ModuleContext;
import io.postern.spi.ServerConfig;
import io.postern.spi.SessionListener;
import io.postern.spi.UpstreamSelector;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@link ModuleContext} that records what the module registers. */
final class TestModuleContext implements ModuleContext {

    final Map<String, Authenticator> authenticators = new LinkedHashMap<>();
    final Map<String, UpstreamSelector> selectors = new LinkedHashMap<>();
    final Map<String, SessionListener> listeners = new LinkedHashMap<>();
    private final ServerConfig mail;
    private final List<ServerConfig> servers;

    TestModuleContext(ServerConfig mail, ServerConfig... servers) {
        this.mail = mail;
        this.servers = List.of(servers);
    }

    @Override
    public String moduleName() {
        return "sandbox";
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
        return Path.of(".");
    }

    @Override
    public void addAuthenticator(String name, Authenticator authenticator) {
        if (authenticators.putIfAbsent(name, authenticator) != null) {
            throw new IllegalArgumentException("authenticator " + name + " registered twice");
        }
    }

    @Override
    public void addUpstreamSelector(String name, UpstreamSelector selector) {
        selectors.put(name, selector);
    }

    @Override
    public void addSessionListener(String name, SessionListener listener) {
        listeners.put(name, listener);
    }
}
