package io.postern.engine;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.postern.config.ServerSettings;
import io.postern.limits.ConnectionLimits;

/** Builds the pipeline of each accepted client connection of one server block. */
final class SessionInitializer extends ChannelInitializer<Channel> {

    static final String PRE_LOGIN_TIMEOUT = "timeout";

    private final ServerSettings settings;
    private final MailProtocol protocol;
    private final LoginFlow loginFlow;
    private final SessionEvents events;
    private final ChannelGroup sessions;
    private final boolean implicitTls;
    private final boolean proxyProtocol;
    private final PostLogin postLogin;
    private final ConnectionLimits limits;
    private final Generation generation;

    /**
     * @param implicitTls whether the listener has {@code ssl}: TLS from the first byte
     * @param proxyProtocol whether the listener has {@code proxy_protocol}: a PROXY header
     *     precedes everything else, TLS included
     */
    SessionInitializer(ServerSettings settings, MailProtocol protocol, LoginFlow loginFlow, SessionEvents events,
                       ChannelGroup sessions, boolean implicitTls, boolean proxyProtocol, PostLogin postLogin,
                       ConnectionLimits limits) {
        this(settings, protocol, loginFlow, events, sessions, implicitTls, proxyProtocol, postLogin, limits, null);
    }

    /** @param generation counts the sessions of its configuration, or {@code null} (tests) */
    SessionInitializer(ServerSettings settings, MailProtocol protocol, LoginFlow loginFlow, SessionEvents events,
                       ChannelGroup sessions, boolean implicitTls, boolean proxyProtocol, PostLogin postLogin,
                       ConnectionLimits limits, Generation generation) {
        this.generation = generation;
        this.settings = settings;
        this.protocol = protocol;
        this.loginFlow = loginFlow;
        this.events = events;
        this.sessions = sessions;
        this.implicitTls = implicitTls;
        this.proxyProtocol = proxyProtocol;
        this.postLogin = postLogin;
        this.limits = limits;
    }

    @Override
    protected void initChannel(Channel channel) {
        Session session = new Session(settings, channel, postLogin, events);
        if (generation != null) {
            generation.opened();
        }
        sessions.add(channel);
        channel.pipeline()
                .addLast(Relay.CLIENT_LIFECYCLE, generation == null ? new SessionLifecycle(session, events)
                        : new SessionLifecycle(session, events, generation::ended))
                .addLast(ConnectionGate.NAME, new ConnectionGate(session, limits, protocol, implicitTls));
        if (implicitTls) {
            ClientTls.installImplicit(session, channel.pipeline(), settings.tls().server().orElseThrow(), protocol);
        }
        // Behind the PROXY header reader and the TLS gate, so that the session's start reaches
        // it when nginx's would restart its timer; it runs from now on, from accept.
        LoginTimer timer = new LoginTimer(session, protocol);
        session.loginTimer(timer);
        channel.pipeline().addLast(PRE_LOGIN_TIMEOUT, timer);
        protocol.initClient(session, channel.pipeline(), loginFlow);
        if (proxyProtocol) {
            ProxyProtocolReader.install(session, channel.pipeline());
        }
    }
}
