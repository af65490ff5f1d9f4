package io.postern.smtp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.Promise;
import io.postern.engine.Session;
import io.postern.engine.UpstreamLogin;
import io.postern.engine.UpstreamTlsStarter;
import io.postern.engine.UpstreamLoginResult;
import io.postern.sasl.Sasl;
import io.postern.spi.Credentials;
import io.postern.spi.AuthDecision;
import io.postern.spi.ClientHost;
import io.postern.spi.SessionAttributes;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import io.postern.spi.WireText;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The SMTP upstream login, as nginx replays it ({@code ngx_mail_proxy_smtp_handler}): wait for
 * the {@code 220} greeting; {@code EHLO <server_name>} (or {@code HELO} when the client said
 * HELO and {@code xclient} is off); with {@code xclient}, {@code XCLIENT ADDR=… [LOGIN=…]
 * NAME=<client host>} and then the client's own HELO/EHLO; for {@code smtp_auth none} the
 * stored MAIL and RCPT lines; with {@code proxy_smtp_auth}, {@code AUTH PLAIN} or, unlike
 * nginx, {@code AUTH LOGIN} ({@code proxy_smtp_auth_method}, or the auth decision's attribute
 * of that name for one session). The client
 * then gets {@code 235 2.0.0 OK}, or in none mode the upstream's answer to RCPT, whatever it
 * is. Every reply is read to its final line. With {@code xclient = on} XCLIENT is sent
 * whatever the upstream's EHLO offered, as nginx does, and anything but 2[25]0 fails the login
 * with nginx's answer; with {@code xclient = offered} (Postern's) it is sent only to an upstream
 * whose EHLO offers it, and one that does not is logged and logged into without.
 */
public final class SmtpUpstreamLogin implements UpstreamLogin {

    static final String LINES = "smtp-login-lines";
    static final String HANDLER = "smtp-login";

    /** What separates the mechanisms of an EHLO reply's AUTH line ({@code AUTH=PLAIN LOGIN} too). */
    private static final Pattern AUTH_WORDS = Pattern.compile("[ =]+");

    /** nginx's NAME= without a resolver. */
    static final String UNAVAILABLE_NAME = ClientHost.UNAVAILABLE;

    private final SmtpSettings settings;
    private final SmtpEnvelope envelope;
    private final boolean noneMode;
    private final InetSocketAddress client;
    private final InetSocketAddress local;
    private final Consumer<String> log;
    private final Supplier<Map<String, String>> decisionAttributes;
    private final String clientName;
    private Credentials.BearerMechanism bearer;

    /**
     * @param envelope what the client said before login
     * @param noneMode whether this is an {@code smtp_auth none} login, which replays MAIL and RCPT
     * @param client the client's address and port, for XCLIENT
     * @param local the address the client connected to, for XCLIENT's DESTADDR and DESTPORT
     * @param log where to report what an operator should know (the session's log), without secrets
     * @param decisionAttributes the accepted auth decision's attributes, read when the login starts
     */
    SmtpUpstreamLogin(SmtpSettings settings, SmtpEnvelope envelope, boolean noneMode, InetSocketAddress client,
                      InetSocketAddress local, Consumer<String> log, Supplier<Map<String, String>> decisionAttributes) {
        this(settings, envelope, noneMode, client, local, log, decisionAttributes, UNAVAILABLE_NAME);
    }

    /** @param clientName XCLIENT's NAME=: the resolver's name for the client, or nginx's word for none */
    SmtpUpstreamLogin(SmtpSettings settings, SmtpEnvelope envelope, boolean noneMode, InetSocketAddress client,
                      InetSocketAddress local, Consumer<String> log, Supplier<Map<String, String>> decisionAttributes,
                      String clientName) {
        this.clientName = clientName;
        this.settings = settings;
        this.envelope = envelope;
        this.noneMode = noneMode;
        this.client = client;
        this.local = local;
        this.log = log;
        this.decisionAttributes = decisionAttributes;
    }

    /** The login of one session's client. */
    static SmtpUpstreamLogin of(Session session, SmtpSettings settings, SmtpEnvelope envelope, boolean noneMode) {
        return new SmtpUpstreamLogin(settings, envelope, noneMode, session.clientAddress(), session.localAddress(),
                message -> session.log().warn("{}", message),
                () -> session.acceptedDecision().map(AuthDecision.Accepted::attributes).orElse(Map.of()),
                session.clientHost().map(ClientHost::text).orElse(UNAVAILABLE_NAME));
    }

    /**
     * With {@code proxy_oauth = mechanism}: {@code proxy_smtp_auth} logs in with the client's
     * bearer mechanism (unless the auth decision's attribute names another method).
     */
    SmtpUpstreamLogin withBearer(Credentials.BearerMechanism mechanism) {
        this.bearer = mechanism;
        return this;
    }

    /** nginx presents a password only with {@code proxy_smtp_auth}, and never after {@code none}. */
    @Override
    public boolean needsPassword() {
        return settings.proxySmtpAuth() && !noneMode;
    }

    @Override
    public void start(Channel upstream, String login, String password, Promise<UpstreamLoginResult> result) {
        if (unsafe(login) || unsafe(password) || unsafe(envelope.helo())) {
            // Sasl and SmtpCommand refuse these already; an auth decision's login might not.
            result.trySuccess(new UpstreamLoginResult.Failed("CR, LF or NUL in the login, password or HELO"));
            return;
        }
        String method = decisionAttributes.get().getOrDefault(SessionAttributes.PROXY_SMTP_AUTH_METHOD,
                bearer != null ? bearer.method() : settings.proxySmtpAuthMethod());
        if (!AUTH_METHODS.contains(method)) {
            result.trySuccess(new UpstreamLoginResult.Failed("the auth decision asked for "
                    + SessionAttributes.PROXY_SMTP_AUTH_METHOD
                    + " \"" + method + "\" (expected: plain, login, xoauth2 or oauthbearer)"));
            return;
        }
        upstream.pipeline()
                .addLast(LINES, new LineBasedFrameDecoder(settings.proxyBuffer(), false, true))
                .addLast(HANDLER, new Handler(this, login, password, method, result,
                        UpstreamTlsStarter.of(upstream).orElse(null)));
        upstream.config().setAutoRead(true);
        upstream.read();
    }

    /**
     * nginx's {@code XCLIENT ADDR=[IPV6:]<ip>[ LOGIN=<xtext>] NAME=<xtext client host>}, with the
     * client's {@code PORT} and the {@code DESTADDR}/{@code DESTPORT} it connected to added
     * when the upstream's EHLO offers them (Postfix 2.9 and 3.5 do): its logs and policy
     * services then see the real connection, not Postern's.
     *
     * @param offered the attribute names of the upstream's {@code XCLIENT} EHLO line
     */
    String xclientLine(String login, Set<String> offered) {
        StringBuilder line = new StringBuilder("XCLIENT ADDR=").append(xclientAddress(client.getAddress()));
        if (offered.contains("PORT")) {
            line.append(" PORT=").append(client.getPort());
        }
        if (offered.contains("DESTADDR")) {
            line.append(" DESTADDR=").append(xclientAddress(local.getAddress()));
        }
        if (offered.contains("DESTPORT")) {
            line.append(" DESTPORT=").append(local.getPort());
        }
        if (!login.isEmpty() && !settings.proxySmtpAuth()) {
            line.append(" LOGIN=").append(Xtext.encode(login));
        }
        // xtext, as nginx 1.31 (CVE-2026-28753), although a name never holds what it changes.
        return line.append(" NAME=").append(Xtext.encode(clientName)).toString();
    }

    private static String xclientAddress(InetAddress address) {
        return (address instanceof Inet6Address ? "IPV6:" : "") + NetUtil.toAddressString(address);
    }

    /** {@code proxy_smtp_auth_method}'s words. */
    private static final Set<String> AUTH_METHODS = Set.of("plain", "login", "xoauth2", "oauthbearer");

    /** {@code AUTH XOAUTH2 <response>} or {@code AUTH OAUTHBEARER <response>} ({@link Sasl#encodeBearer}). */
    static String authBearerLine(String method, String login, String token) {
        Credentials.BearerMechanism mechanism = Credentials.BearerMechanism.valueOf(method.toUpperCase(Locale.ROOT));
        return "AUTH " + mechanism.name() + " " + Sasl.encodeBearer(mechanism, login, token);
    }

    /** {@code AUTH PLAIN <base64(NUL login NUL password)>}. */
    static String authPlainLine(String login, String password) {
        byte[] response = WireText.encode("\0" + login + "\0" + password);
        return "AUTH PLAIN " + Base64.getEncoder().encodeToString(response);
    }

    private static boolean unsafe(String text) {
        return text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\0') >= 0;
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(WireText.encode(text));
    }

    private enum State {
        GREETING, STARTTLS_HELLO, STARTTLS, TLS_HANDSHAKE, SERVER_HELLO, XCLIENT, CLIENT_HELLO, MAIL, RCPT,
        AUTH_LOGIN, AUTH_LOGIN_USER, AUTH, AUTH_BEARER, DONE
    }

    /** The login's state machine: one upstream reply in, the next command out. */
    private static final class Handler extends SimpleChannelInboundHandler<ByteBuf> {
        private final SmtpUpstreamLogin login;
        private final String user;
        private final String password;
        /** {@code proxy_smtp_auth_method}: plain, login, xoauth2 or oauthbearer. */
        private final String authMethod;
        /** The mechanisms of the AUTH line of the upstream's last EHLO answer. */
        private Set<String> offeredAuth = Set.of();
        private final Promise<UpstreamLoginResult> result;
        private final UpstreamTlsStarter starttls;
        private State state = State.GREETING;
        private SmtpReply reply;

        /** @param starttls the STARTTLS step to take after the greeting; {@code null} for none */
        Handler(SmtpUpstreamLogin login, String user, String password, String authMethod,
                Promise<UpstreamLoginResult> result, UpstreamTlsStarter starttls) {
            this.login = login;
            this.user = user;
            this.password = password;
            this.authMethod = authMethod;
            this.result = result;
            this.starttls = starttls;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            reply = new SmtpReply(ctx.alloc(), login.settings.proxyBuffer());
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf line) {
            if (state == State.DONE) {
                return; // a late line after a failure; the channel is being closed
            }
            if (state == State.TLS_HANDSHAKE) {
                fail("the upstream sent data after its STARTTLS answer, before TLS");
                return;
            }
            if (reply.add(line)) {
                onReply(ctx);
            } else if (!reply.error().isEmpty()) {
                fail(reply.error());
            }
        }

        private void onReply(ChannelHandlerContext ctx) {
            int code = reply.code();
            switch (state) {
                case GREETING -> expect(ctx, code == 220, this::afterGreeting);
                case STARTTLS_HELLO -> expectForTls(ctx, code == 250, c -> send(c, State.STARTTLS, "STARTTLS"));
                case STARTTLS -> expectForTls(ctx, code == 220, this::startTls);
                case SERVER_HELLO -> expect(ctx, code == 250, c -> {
                    offeredAuth = offeredAuth();
                    afterServerHello(c);
                });
                case XCLIENT -> expect(ctx, code == 220 || code == 250, this::afterXclient);
                case CLIENT_HELLO -> expect(ctx, code == 250, c -> {
                    if (login.envelope.esmtp()) {
                        offeredAuth = offeredAuth();
                    }
                    afterHello(c);
                });
                case MAIL -> expect(ctx, code == 250, c -> send(c, State.RCPT, login.envelope.rcptTo()));
                case RCPT -> accept(reply.take());
                // AUTH LOGIN (RFC 4954 with the LOGIN mechanism): 334 for the user, 334 for the password.
                case AUTH_LOGIN -> expect(ctx, code == 334, c -> send(c, State.AUTH_LOGIN_USER, base64(user)));
                case AUTH_LOGIN_USER -> expect(ctx, code == 334, c -> send(c, State.AUTH, base64(password)));
                case AUTH -> expect(ctx, code == 235, c -> accept(SmtpReplies.line(c.alloc(), SmtpReplies.AUTH_OK)));
                // RFC 7628 3.2.3: a 334 here is the mechanism's error; its dummy response brings the failure.
                case AUTH_BEARER -> {
                    if (code == 334) {
                        send(ctx, State.AUTH, Sasl.bearerErrorAcknowledgement(
                                Credentials.BearerMechanism.valueOf(authMethod.toUpperCase(Locale.ROOT))));
                    } else {
                        expect(ctx, code == 235, c -> accept(SmtpReplies.line(c.alloc(), SmtpReplies.AUTH_OK)));
                    }
                }
                default -> throw new IllegalStateException(state.name());
            }
        }

        /** Goes on when the reply is the expected one; else the upstream refused the login. */
        private void expect(ChannelHandlerContext ctx, boolean expected, Consumer<ChannelHandlerContext> next) {
            if (!expected) {
                login.log.accept("upstream sent invalid response to " + state + ": " + reply.firstLine());
                state = State.DONE;
                result.trySuccess(new UpstreamLoginResult.Refused(reply.take()));
                return;
            }
            next.accept(ctx);
        }

        /** RFC 3207: with STARTTLS toward the upstream, EHLO and STARTTLS come first; then everything starts over. */
        private void afterGreeting(ChannelHandlerContext ctx) {
            if (starttls == null) {
                sendServerHello(ctx);
            } else {
                send(ctx, State.STARTTLS_HELLO, "EHLO " + login.settings.serverName());
            }
        }

        /** A refused STARTTLS is an upstream error (never relayed, never a fallback to plain text). */
        private void expectForTls(ChannelHandlerContext ctx, boolean expected, Consumer<ChannelHandlerContext> next) {
            if (expected) {
                next.accept(ctx);
            } else {
                fail("the upstream refused STARTTLS: " + reply.firstLine());
            }
        }

        private void startTls(ChannelHandlerContext ctx) {
            reply.take().release();
            state = State.TLS_HANDSHAKE;
            starttls.upgrade(ctx, LINES, new LineBasedFrameDecoder(login.settings.proxyBuffer(), false, true))
                    .addListener(f -> {
                        if (state != State.TLS_HANDSHAKE) {
                            return; // failed meanwhile
                        }
                        if (f.isSuccess()) {
                            sendServerHello(ctx);
                        } else {
                            fail(starttls.describeFailure(f.cause()));
                        }
                    });
        }

        private void sendServerHello(ChannelHandlerContext ctx) {
            boolean ehlo = login.envelope.esmtp() || login.settings.xclient().enabled();
            send(ctx, State.SERVER_HELLO, (ehlo ? "EHLO " : "HELO ") + login.settings.serverName());
        }

        private void afterServerHello(ChannelHandlerContext ctx) {
            XclientMode mode = login.settings.xclient();
            Optional<Set<String>> offered = offeredXclient();
            if (mode == XclientMode.OFF) {
                afterHello(ctx);
            } else if (offered.isPresent() || mode == XclientMode.ON) {
                send(ctx, State.XCLIENT, login.xclientLine(user, offered.orElse(Set.of())));
            } else {
                login.log.accept("the upstream does not offer XCLIENT; logging in without it");
                afterHello(ctx);
            }
        }

        /** The attributes of the upstream's {@code XCLIENT} EHLO line, if it offers XCLIENT. */
        private Optional<Set<String>> offeredXclient() {
            for (String text : reply.texts()) {
                String[] words = text.toUpperCase(Locale.ROOT).split(" ");
                if (words[0].equals("XCLIENT")) {
                    return Optional.of(java.util.Arrays.stream(words).filter(w -> !w.equals("XCLIENT"))
                            .collect(java.util.stream.Collectors.toUnmodifiableSet()));
                }
            }
            return Optional.empty();
        }

        private void afterXclient(ChannelHandlerContext ctx) {
            SmtpEnvelope envelope = login.envelope;
            if (envelope.helo().isEmpty()) {
                afterHello(ctx);
            } else {
                send(ctx, State.CLIENT_HELLO, (envelope.esmtp() ? "EHLO " : "HELO ") + envelope.helo());
            }
        }

        private void afterHello(ChannelHandlerContext ctx) {
            if (login.noneMode) {
                send(ctx, State.MAIL, login.envelope.mailFrom());
            } else if (login.settings.proxySmtpAuth() && authMethod.equals("login")) {
                send(ctx, State.AUTH_LOGIN, "AUTH LOGIN");
            } else if (login.settings.proxySmtpAuth() && !authMethod.equals("plain")) {
                authBearer(ctx);
            } else if (login.settings.proxySmtpAuth()) {
                send(ctx, State.AUTH, authPlainLine(user, password));
            } else {
                accept(SmtpReplies.line(ctx.alloc(), SmtpReplies.AUTH_OK));
            }
        }

        /** XOAUTH2 or OAUTHBEARER, only where the upstream offers it: never a silent fall back to another. */
        private void authBearer(ChannelHandlerContext ctx) {
            String mechanism = authMethod.toUpperCase(Locale.ROOT);
            if (!offeredAuth.contains(mechanism)) {
                fail("proxy_smtp_auth_method is " + authMethod + ", but the upstream does not offer AUTH "
                        + mechanism + " (its EHLO offers AUTH " + String.join(" ", new java.util.TreeSet<>(offeredAuth))
                        + ")");
                return;
            }
            send(ctx, State.AUTH_BEARER, authBearerLine(authMethod, user, password));
        }

        /** The mechanisms of the AUTH line of the EHLO answer in {@link #reply}. */
        private Set<String> offeredAuth() {
            for (String text : reply.texts()) {
                String[] words = AUTH_WORDS.split(text.toUpperCase(Locale.ROOT).trim());
                if (words[0].equals("AUTH")) {
                    return java.util.Arrays.stream(words, 1, words.length)
                            .collect(java.util.stream.Collectors.toUnmodifiableSet());
                }
            }
            return Set.of();
        }

        /** Sends one command; the reply that answered the previous one is dropped. */
        private void send(ChannelHandlerContext ctx, State next, String command) {
            reply.take().release();
            state = next;
            byte[] bytes = WireText.encode(command); // the HELO name or envelope as the client sent it
            ByteBuf out = ctx.alloc().buffer(bytes.length + 2);
            out.writeBytes(bytes);
            out.writeByte('\r').writeByte('\n');
            ctx.writeAndFlush(out);
        }

        private void accept(ByteBuf answer) {
            reply.close();
            state = State.DONE;
            result.trySuccess(new UpstreamLoginResult.Accepted(answer));
        }

        private void fail(String reason) {
            state = State.DONE;
            reply.close();
            result.trySuccess(new UpstreamLoginResult.Failed(reason));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (state == State.TLS_HANDSHAKE) {
                return; // the handshake's own failure is reported by its future
            }
            fail(cause instanceof TooLongFrameException
                    ? "the upstream sent a line longer than proxy_buffer during the login" : cause.toString());
            ctx.close();
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            reply.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            fail("the upstream closed the connection during the login");
            ctx.fireChannelInactive();
        }
    }
}
