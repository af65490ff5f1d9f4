package io.postern.engine;

import io.netty.channel.Channel;
import io.postern.config.ServerSettings;
import io.postern.spi.AuthDecision;
import io.postern.spi.ClientHost;
import io.postern.spi.CloseReason;
import io.postern.spi.Protocol;
import io.postern.spi.ProxiedConnection;
import io.postern.spi.ServerConfig;
import io.postern.spi.SessionInfo;
import io.postern.spi.SessionListener;
import io.postern.spi.TlsInfo;
import io.postern.spi.UpstreamAddress;
import io.postern.spi.imap.ImapHierarchy;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One client connection from accept to close: who it is, where it stands, what it moved.
 * Confined to the client channel's event loop (the upstream channel shares it), so nothing
 * here is synchronised.
 */
public final class Session implements SessionInfo {

    private static final AtomicLong IDS = new AtomicLong();

    private final String id;
    private final ServerSettings settings;
    private final Channel client;
    private final Instant startTime = Instant.now();
    private final long startNanos = System.nanoTime();
    private final SessionLog log;
    private final PostLogin postLogin;
    private final SessionEvents events;
    private String login;
    private UpstreamAddress upstream;
    private int authAttempts;
    private long bytesFromClient;
    private long bytesToClient;
    private AuthDecision.Accepted accepted;
    private ImapHierarchy imapHierarchy;
    private Channel upstreamChannel;
    private boolean loginInProgress;
    private LoginTimer loginTimer;
    private CloseReason closeReason;
    private String closeDetail = "";
    private TlsInfo tls;
    private ProxiedConnection proxied;
    private volatile Consumer<String> kickHandler;
    private InetSocketAddress realClient;
    private ClientHost clientHost;

    Session(ServerSettings settings, Channel client, PostLogin postLogin, SessionEvents events) {
        this.id = hexId(IDS.incrementAndGet());
        this.settings = Objects.requireNonNull(settings, "settings");
        this.client = Objects.requireNonNull(client, "client");
        this.postLogin = Objects.requireNonNull(postLogin, "postLogin");
        this.events = Objects.requireNonNull(events, "events");
        this.log = new SessionLog(this);
    }

    /** {@code String.format("%08x", n)} without a formatter: lowercase hex, zero-padded to 8 digits. */
    static String hexId(long n) {
        String hex = Long.toHexString(n);
        return hex.length() >= 8 ? hex : "00000000".substring(hex.length()) + hex;
    }

    /** Tells the LOG phase's listeners about this session. */
    void fire(Consumer<SessionListener> event) {
        events.fire(this, event);
    }

    /** How this session is relayed once logged in: through its protocol's filters, or raw. */
    PostLogin postLogin() {
        return postLogin;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Protocol protocol() {
        return settings.protocol();
    }

    @Override
    public ServerConfig server() {
        return settings.directives();
    }

    /** The core's typed view of this session's server block. */
    public ServerSettings settings() {
        return settings;
    }

    @Override
    public InetSocketAddress clientAddress() {
        return realClient != null ? realClient : (InetSocketAddress) client.remoteAddress();
    }

    @Override
    public Optional<ProxiedConnection> proxied() {
        return Optional.ofNullable(proxied);
    }

    /**
     * Records a PROXY protocol header's addresses; when {@code trusted} (the peer is in
     * {@code set_real_ip_from}) its source becomes {@link #clientAddress()} from now on.
     */
    void proxied(ProxiedConnection header, boolean trusted) {
        this.proxied = Objects.requireNonNull(header, "header");
        if (trusted) {
            this.realClient = header.source();
        }
    }

    @Override
    public Optional<ClientHost> clientHost() {
        return clientHost != null ? Optional.of(clientHost) : SessionInfo.super.clientHost();
    }

    /** Records what the {@code resolver} found for the client, before the greeting. */
    public void clientHost(ClientHost host) {
        this.clientHost = Objects.requireNonNull(host, "host");
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) client.localAddress();
    }

    @Override
    public boolean secure() {
        return tls != null;
    }

    @Override
    public Optional<TlsInfo> tls() {
        return Optional.ofNullable(tls);
    }

    /** Records a completed client handshake (implicit TLS or after STARTTLS). */
    void tls(TlsInfo tls) {
        this.tls = Objects.requireNonNull(tls, "tls");
    }

    @Override
    public Instant startTime() {
        return startTime;
    }

    @Override
    public Optional<String> login() {
        return Optional.ofNullable(login);
    }

    @Override
    public Optional<UpstreamAddress> upstream() {
        return Optional.ofNullable(upstream);
    }

    /** The client's channel. */
    public Channel client() {
        return client;
    }

    /** Logging with this session's context (id, client, protocol, login, upstream). */
    public SessionLog log() {
        return log;
    }

    void login(String login) {
        this.login = login;
    }

    void upstream(UpstreamAddress upstream) {
        this.upstream = upstream;
    }

    void accepted(AuthDecision.Accepted decision) {
        this.accepted = decision;
    }

    /**
     * The AUTH phase's decision of the login in progress, once accepted: an upstream login
     * reads per-session choices from its attributes (such as {@code proxy_smtp_auth_method}).
     */
    public Optional<AuthDecision.Accepted> acceptedDecision() {
        return Optional.ofNullable(accepted);
    }

    @Override
    public Map<String, String> authAttributes() {
        return accepted == null ? Map.of() : accepted.attributes();
    }

    @Override
    public Optional<ImapHierarchy> imapHierarchy() {
        return Optional.ofNullable(imapHierarchy);
    }

    /** Records what the IMAP upstream login learnt of the upstream's hierarchy. */
    public void imapHierarchy(ImapHierarchy hierarchy) {
        this.imapHierarchy = Objects.requireNonNull(hierarchy, "hierarchy");
    }

    /**
     * Whether a logged-in session of this server may be framed for post-login filters: some
     * filter is registered for its protocol, or the protocol's own rule may frame it. The
     * upstream login does the extra work filters need (learning the IMAP hierarchy) only then.
     */
    public boolean mayBeFiltered() {
        return postLogin != PostLogin.RAW;
    }

    void attachUpstream(Channel channel) {
        this.upstreamChannel = channel;
    }

    /** The upstream channel, once connected. */
    Optional<Channel> upstreamChannel() {
        return Optional.ofNullable(upstreamChannel);
    }

    /**
     * Marks the time between credentials and the login's outcome, when the pre-login
     * {@code timeout} must not fire: the AUTH phase, the connection and the upstream login have
     * timeouts of their own (nginx also stops the client's timer while it authenticates), and
     * starts it afresh once the outcome is known (nginx re-arms it after a failed login).
     */
    public void loginInProgress(boolean inProgress) {
        this.loginInProgress = inProgress;
        if (loginTimer == null) {
            return;
        }
        if (inProgress) {
            loginTimer.pause();
        } else {
            loginTimer.restart(); // nginx: a fresh timeout once a failed login is answered
        }
    }

    /**
     * The session's timer before login (absent in tests that build a session by hand);
     * {@code null} once the relay is installed.
     */
    void loginTimer(LoginTimer timer) {
        this.loginTimer = timer;
    }

    /**
     * The relay is installed: what only the login needed goes. The pre-login timer, and of the
     * AUTH phase's decision all but its attributes (module-rewrite and module-log read them
     * after login): the upstream's login, password and address were used by the upstream login.
     */
    void relayed() {
        loginTimer = null;
        if (accepted != null) {
            accepted = new AuthDecision.Accepted(Optional.empty(), Optional.empty(), Optional.empty(),
                    accepted.attributes());
        }
        log.forgetContext();
    }

    /** Whether the session still holds its pre-login timer. */
    boolean hasLoginTimer() {
        return loginTimer != null;
    }

    /**
     * The greeting is held back ({@code smtp_greeting_delay}): nginx's pre-login
     * {@code timeout} waits for it, only {@code login_timeout} runs meanwhile.
     */
    public void greetingDelayed() {
        if (loginTimer != null) {
            loginTimer.pause();
        }
    }

    /** The delayed greeting went out: the pre-login {@code timeout} starts now, as in nginx. */
    public void greetingSent() {
        if (loginTimer != null) {
            loginTimer.restart();
        }
    }

    boolean loginInProgress() {
        return loginInProgress;
    }

    int nextAuthAttempt() {
        return ++authAttempts;
    }

    int authAttempts() {
        return authAttempts;
    }

    void countFromClient(long bytes) {
        bytesFromClient += bytes;
    }

    void countToClient(long bytes) {
        bytesToClient += bytes;
    }

    long bytesFromClient() {
        return bytesFromClient;
    }

    long bytesToClient() {
        return bytesToClient;
    }

    long elapsedNanos() {
        return System.nanoTime() - startNanos;
    }

    /**
     * How the session ends when an operator kicks it after login: set by a framed relay, which
     * can end with the protocol's goodbye line (given whole, without its line ending) between two
     * answers; empty for a raw relay.
     */
    public void kickHandler(Consumer<String> goodbye) {
        this.kickHandler = Objects.requireNonNull(goodbye, "goodbye");
    }

    Optional<Consumer<String>> kickHandler() {
        return Optional.ofNullable(kickHandler);
    }

    /**
     * Records why the session is ending. The first reason given wins: the cause, not the
     * consequences that follow it (an upstream close after a timeout is still a timeout).
     */
    public void closing(CloseReason reason, String detail) {
        if (closeReason == null) {
            closeReason = Objects.requireNonNull(reason, "reason");
            closeDetail = Objects.requireNonNull(detail, "detail");
        }
    }

    Optional<CloseReason> closeReason() {
        return Optional.ofNullable(closeReason);
    }

    String closeDetail() {
        return closeDetail;
    }

    @Override
    public String logContext() {
        return log.context();
    }

    @Override
    public String toString() {
        return log.context();
    }
}
