package io.postern.pop3;

import io.netty.channel.ChannelPipeline;
import io.postern.config.ServerSettings;
import io.postern.engine.CommandLineDecoder;
import io.postern.engine.LoginFlow;
import io.postern.engine.MailProtocol;
import io.postern.engine.PostLogin;
import io.postern.engine.Session;
import io.postern.relay.FilteredPostLogin;
import io.postern.module.Phases;
import io.postern.pop3.relay.Pop3Relay;
import io.postern.spi.Protocol;
import io.postern.spi.Refusal;
import io.postern.spi.SessionInfo;
import io.postern.spi.ServerConfig;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * POP3's descriptor for the engine. Each server block's {@link Pop3Settings} are read once,
 * on its first connection, and reused while the block's configuration stays the same.
 */
public final class Pop3Protocol implements MailProtocol {

    /** The settings of a server block, with the configuration instance they were read from. */
    private record Cached(ServerConfig source, Pop3Settings settings) {
    }

    /**
     * Keyed by server name; a new configuration of the same name (another Postern in the same
     * JVM, a reload) has another {@link ServerConfig} instance and replaces the entry.
     */
    private final ConcurrentMap<String, Cached> settings = new ConcurrentHashMap<>();

    @Override
    public Protocol protocol() {
        return Protocol.POP3;
    }

    @Override
    public String goodbye(String text) {
        return "-ERR " + text;
    }

    /** The framed relay ({@link Pop3Relay}) for sessions a POP3 filter wants, the raw one otherwise. */
    @Override
    public PostLogin postLogin(Phases phases) {
        return FilteredPostLogin.of(phases.pop3Filters(), (session, connection, chain) -> Pop3Relay.handlers(
                connection, chain, ServerSettings.postLoginLineLimit(settings(session.server()).clientBuffer())),
                command -> command.verb(), this::goodbye);
    }

    /** RFC 2449's response codes: {@code [SYS/TEMP]}, {@code [SYS/PERM]}, and RFC 3206's {@code [IN-USE]}. */
    @Override
    public String refusal(Refusal refusal, SessionInfo session) {
        return "-ERR " + switch (refusal) {
            case ACCESS_DENIED -> "[SYS/PERM] Access denied";
            case CONNECTIONS_PER_IP -> "[SYS/TEMP] Too many connections from your address";
            case CONNECTION_RATE -> "[SYS/TEMP] Too many new connections from your address, try again later";
            case CONNECTIONS_PER_USERIP -> "[IN-USE] Maximum number of connections from user+IP exceeded";
            case CONNECTIONS_PER_USER -> "[IN-USE] Maximum number of connections from user exceeded";
            case CONNECTIONS_TOTAL -> "[SYS/TEMP] Server busy, try again later";
        };
    }

    @Override
    public String certificateRefusal(String reason) {
        return certificateRefusalLine(reason);
    }

    /** nginx's {@code -ERR SSL certificate error} and {@code -ERR No required SSL certificate}. */
    static String certificateRefusalLine(String reason) {
        return "-ERR " + reason;
    }

    @Override
    public void initClient(Session session, ChannelPipeline pipeline, LoginFlow loginFlow) {
        Pop3Settings pop3 = settings(session.server());
        CommandLineDecoder decoder = new CommandLineDecoder(pop3.clientBuffer());
        pipeline.addLast(Pop3PreLoginHandler.DECODER, decoder)
                .addLast(Pop3PreLoginHandler.HANDLER, new Pop3PreLoginHandler(session, pop3, loginFlow, decoder));
    }

    /** The POP3 settings of {@code server}, read on first use. */
    Pop3Settings settings(ServerConfig server) {
        Cached cached = settings.get(server.name());
        if (cached != null && cached.source() == server) {
            return cached.settings();
        }
        return settings.compute(server.name(), (name, old) -> old != null && old.source() == server
                ? old : new Cached(server, Pop3Settings.of(server))).settings();
    }
}
