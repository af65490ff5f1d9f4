package io.postern.rewrite.testkit;

import io.postern.spi.Authenticator;
import io.postern.spi.ModuleContext;
import io.postern.spi.ServerConfig;
import io.postern.spi.SessionListener;
import io.postern.spi.UpstreamSelector;
import io.postern.spi.filter.FilterFactory;
import io.postern.spi.imap.ImapFilter;
import io.postern.spi.pop3.Pop3Filter;
import io.postern.spi.smtp.SmtpFilter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Records the filters a module registers while it is configured. */
public final class FakeModuleContext implements ModuleContext {

    public final Map<String, FilterFactory<ImapFilter>> imap = new LinkedHashMap<>();
    public final Map<String, FilterFactory<Pop3Filter>> pop3 = new LinkedHashMap<>();
    public final Map<String, FilterFactory<SmtpFilter>> smtp = new LinkedHashMap<>();
    private final TestConfig config;

    public FakeModuleContext(TestConfig config) {
        this.config = config;
    }

    @Override
    public String moduleName() {
        return "rewrite";
    }

    @Override
    public ServerConfig mail() {
        return config.mail();
    }

    @Override
    public List<ServerConfig> servers() {
        return config.servers();
    }

    @Override
    public Path configDirectory() {
        return Path.of(".");
    }

    @Override
    public void addAuthenticator(String name, Authenticator authenticator) {
        throw new UnsupportedOperationException("module-rewrite authenticates nobody");
    }

    @Override
    public void addUpstreamSelector(String name, UpstreamSelector selector) {
        throw new UnsupportedOperationException("module-rewrite selects no upstream");
    }

    @Override
    public void addSessionListener(String name, SessionListener listener) {
        throw new UnsupportedOperationException("module-rewrite listens to no session");
    }

    @Override
    public void addImapFilter(String name, FilterFactory<ImapFilter> factory) {
        imap.put(name, factory);
    }

    @Override
    public void addPop3Filter(String name, FilterFactory<Pop3Filter> factory) {
        pop3.put(name, factory);
    }

    @Override
    public void addSmtpFilter(String name, FilterFactory<SmtpFilter> factory) {
        smtp.put(name, factory);
    }
}
