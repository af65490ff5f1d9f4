package io.postern.smtp;

import io.netty.channel.ChannelPipeline;
import io.postern.config.CoreDirectives;
import io.postern.dns.ClientHostResolvers;
import io.postern.dns.ResolverSettings;
import io.postern.config.ServerSettings;
import io.postern.engine.CommandLineDecoder;
import io.postern.engine.LoginFlow;
import io.postern.engine.MailProtocol;
import io.postern.engine.PostLogin;
import io.postern.engine.Session;
import io.postern.relay.FilteredPostLogin;
import io.postern.module.Phases;
import io.postern.smtp.relay.SmtpRelay;
import io.postern.spi.ClientHost;
import io.postern.spi.Protocol;
import io.postern.spi.Refusal;
import io.postern.spi.SessionInfo;
import io.postern.spi.ServerConfig;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** SMTP's descriptor for the engine. */
public final class SmtpProtocol implements MailProtocol {

    /** Settings per server block, read on its first connection: server configs are immutable values. */
    private final Map<ServerConfig, SmtpSettings> settings = new ConcurrentHashMap<>();

    /** Each server block's {@code resolver}, read on its first connection; empty for off. */
    private final Map<ServerConfig, Optional<ResolverSettings>> resolverSettings = new ConcurrentHashMap<>();
    private final ClientHostResolvers resolvers = new ClientHostResolvers();

    @Override
    public Protocol protocol() {
        return Protocol.SMTP;
    }

    @Override
    public String goodbye(String text) {
        return "421 4.3.0 " + text;
    }

    @Override
    public String shutdownGoodbye() {
        return "421 4.3.2 " + SHUTDOWN_TEXT;
    }

    @Override
    public String kickGoodbye() {
        return "421 4.7.0 " + KICK_TEXT;
    }

    /**
     * The framed relay ({@link SmtpRelay}) for sessions an SMTP filter wants and for every
     * session of a server that {@link SmtpSettings#mustFrame() must be framed} ({@code xclient},
     * {@code smtp_forbid_bare_newline}, on by default); the raw one otherwise.
     */
    @Override
    public PostLogin postLogin(Phases phases) {
        return FilteredPostLogin.of(phases.smtpFilters(), session -> settings(session).mustFrame(),
                (session, connection, chain) -> SmtpRelay.handlers(connection, chain,
                        ServerSettings.postLoginLineLimit(settings(session).clientBuffer())),
                command -> command.verb(), this::goodbye);
    }

    private SmtpSettings settings(Session session) {
        return settings.computeIfAbsent(session.server(), SmtpSettings::of);
    }

    /**
     * Postfix's words where it has some ({@code smtpd_client_connection_count_limit}, an access
     * rule's {@code 554 5.7.1}); RFC 5321's 421 names the server. The process-wide limit is a
     * system condition (RFC 3463's 4.3.2), as with Postfix's postscreen.
     */
    @Override
    public String refusal(Refusal refusal, SessionInfo session) {
        String server = session.server().string(CoreDirectives.SERVER_NAME);
        String client = session.clientAddress().getAddress().getHostAddress();
        return switch (refusal) {
            case ACCESS_DENIED -> "554 5.7.1 Client host rejected: Access denied";
            case CONNECTIONS_PER_IP, CONNECTION_RATE -> "421 4.7.0 " + server + " Error: too many connections from "
                    + client;
            case CONNECTIONS_PER_USERIP -> "421 4.7.0 " + server
                    + " Maximum number of connections from user+IP exceeded";
            case CONNECTIONS_PER_USER -> "421 4.7.0 " + server + " Maximum number of connections from user exceeded";
            case CONNECTIONS_TOTAL -> "421 4.3.2 " + server + " Server busy, try again later";
        };
    }

    @Override
    public String certificateRefusal(String reason) {
        return certificateRefusalLine(reason);
    }

    /** nginx's {@code 421 4.7.1 SSL certificate error} and {@code 421 4.7.1 No required SSL certificate}. */
    static String certificateRefusalLine(String reason) {
        return "421 4.7.1 " + reason;
    }

    private static Optional<ResolverSettings> resolver(ServerConfig server) {
        return ResolverSettings.parse(server.strings(CoreDirectives.RESOLVER),
                server.duration(CoreDirectives.RESOLVER_TIMEOUT));
    }

    @Override
    public void initClient(Session session, ChannelPipeline pipeline, LoginFlow loginFlow) {
        SmtpSettings smtp = settings(session);
        CommandLineDecoder decoder = new CommandLineDecoder(smtp.clientBuffer());
        boolean delayed = !smtp.greetingDelay().isZero();
        Optional<ResolverSettings> resolver = resolverSettings.computeIfAbsent(session.server(),
                SmtpProtocol::resolver);
        if (resolver.isPresent()) {
            pipeline.addLast(SmtpResolveClient.NAME, new SmtpResolveClient(session, resolver.get(), resolvers));
        } else {
            session.clientHost(new ClientHost.Unavailable()); // nginx's word without a resolver
        }
        if (delayed) {
            pipeline.addLast(SmtpPreLoginHandler.GREETING_DELAY, new SmtpGreetingDelay(session, smtp));
        }
        pipeline.addLast(SmtpPreLoginHandler.DECODER, decoder)
                .addLast(SmtpPreLoginHandler.HANDLER, new SmtpPreLoginHandler(session, smtp, loginFlow, decoder, !delayed));
    }
}
