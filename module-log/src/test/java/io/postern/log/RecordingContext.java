package io.postern.log;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.postern.spi.Authenticator;
import io.postern.spi.ModuleContext;
import io.postern.spi.Protocol;
import io.postern.spi.ServerConfig;
import io.postern.spi.SessionListener;
import io.postern.spi.UpstreamSelector;
import io.postern.spi.filter.FilterFactory;
import io.postern.spi.imap.ImapFilter;
import io.postern.spi.pop3.Pop3Filter;
import io.postern.spi.smtp.SmtpFilter;
import io.postern.testing.HoconServerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A {@link ModuleContext} over plain HOCON that records what a module registers, by phase and name. */
final class RecordingContext implements ModuleContext {

    final List<String> filters = new ArrayList<>();
    final List<String> listeners = new ArrayList<>();
    private final Path directory;
    private final ServerConfig mail;
    private final List<ServerConfig> servers;

    private RecordingContext(Path directory, ServerConfig mail, List<ServerConfig> servers) {
        this.directory = directory;
        this.mail = mail;
        this.servers = servers;
    }

    /**
     * A context whose mail block holds {@code mail} over module-log's defaults, and one server
     * per {@code servers} entry ({@code "name { protocol = imap, … }"}) inheriting from it.
     */
    static RecordingContext of(Path directory, String mail, String... servers) {
        Config defaults = ConfigFactory.parseResources(RecordingContext.class.getClassLoader(), "reference.conf")
                .getConfig("mail");
        Config mailConfig = HoconServerConfig.parse(mail).withFallback(defaults);
        List<ServerConfig> blocks = new ArrayList<>();
        for (String server : servers) {
            Config parsed = HoconServerConfig.parse(server);
            String name = parsed.root().keySet().iterator().next();
            Config own = parsed.getConfig(name);
            Protocol protocol = Protocol.valueOf(own.getString("protocol").toUpperCase(java.util.Locale.ROOT));
            blocks.add(new HoconServerConfig(name, protocol, own.withoutPath("protocol").withFallback(mailConfig)));
        }
        return new RecordingContext(directory, new HoconServerConfig("mail", Protocol.IMAP, mailConfig),
                List.copyOf(blocks));
    }

    @Override
    public String moduleName() {
        return "log";
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
        return directory;
    }

    @Override
    public void addAuthenticator(String name, Authenticator authenticator) {
        throw new UnsupportedOperationException("module-log authenticates no one");
    }

    @Override
    public void addUpstreamSelector(String name, UpstreamSelector selector) {
        throw new UnsupportedOperationException("module-log selects no upstream");
    }

    @Override
    public void addSessionListener(String name, SessionListener listener) {
        listeners.add("log:" + name);
    }

    @Override
    public void addImapFilter(String name, FilterFactory<ImapFilter> factory) {
        filters.add("imap_filter:" + name);
    }

    @Override
    public void addPop3Filter(String name, FilterFactory<Pop3Filter> factory) {
        filters.add("pop3_filter:" + name);
    }

    @Override
    public void addSmtpFilter(String name, FilterFactory<SmtpFilter> factory) {
        filters.add("smtp_filter:" + name);
    }
}
