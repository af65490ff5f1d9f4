package io.postern.pop3;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.util.concurrent.Promise;
import io.postern.engine.LogText;
import io.postern.engine.UpstreamLogin;
import io.postern.engine.UpstreamTlsStarter;
import io.postern.engine.UpstreamLoginResult;
import io.postern.sasl.Sasl;
import io.postern.spi.Credentials;
import io.postern.spi.WireText;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The POP3 upstream login, as nginx replays it ({@code ngx_mail_proxy_pop3_handler}): the
 * greeting must start with {@code +OK}, then {@code USER <login>} and {@code PASS <password>}
 * must each be answered {@code +OK}; the answer to PASS is relayed to the client as the
 * answer to its own login. When the upstream is reached with STARTTLS, {@code STLS} comes
 * between the greeting and USER. A {@code -ERR} to USER or PASS is a refusal (relayed with
 * {@code proxy_pass_error_message}); anything else is a failure.
 *
 * <p>A login or password holding CR, LF or NUL is refused before anything is sent: it would
 * let the client (or a careless auth module) smuggle a command to the upstream.
 */
public final class Pop3UpstreamLogin implements UpstreamLogin {

    static final String LINES = "pop3-login-lines";
    static final String HANDLER = "pop3-login";

    private final int maxLineLength;
    private final String xclientLine;
    private final Consumer<String> log;
    private Credentials.BearerMechanism bearer;

    /** @param maxLineLength {@code proxy_buffer}: the longest line the upstream may send during the login */
    public Pop3UpstreamLogin(int maxLineLength) {
        this(maxLineLength, null, message -> { });
    }

    /**
     * @param xclientLine with {@code proxy_pop3_xclient}, the {@code XCLIENT} command to send
     *     before USER when the upstream's greeting offers it ({@code +OK [XCLIENT] ...}: Dovecot
     *     greets its login_trusted_networks so, and its own proxy looks for it there);
     *     {@code null} for nginx's USER/PASS only
     * @param log where to say that the upstream does not offer or refused XCLIENT
     */
    public Pop3UpstreamLogin(int maxLineLength, String xclientLine, Consumer<String> log) {
        if (maxLineLength < 8) {
            throw new IllegalArgumentException("maxLineLength: " + maxLineLength + " (expected: >= 8)");
        }
        this.maxLineLength = maxLineLength;
        this.xclientLine = xclientLine;
        this.log = log;
    }

    /** Dovecot's POP3 XCLIENT: {@code XCLIENT ADDR=<ip> PORT=<port> SESSION=<id> TTL=<n>}. */
    static String xclientLine(InetSocketAddress client, String sessionId, int ttl) {
        return "XCLIENT ADDR=" + client.getAddress().getHostAddress() + " PORT=" + client.getPort()
                + " SESSION=" + sessionId + " TTL=" + ttl;
    }

    /**
     * Logs in with {@code AUTH <mechanism> <initial response>} (RFC 5034) carrying the password
     * as the bearer token ({@code proxy_oauth = mechanism}) instead of USER/PASS, and only to an
     * upstream whose CAPA lists the mechanism in its SASL line: one that does not gets no
     * login, and the client the internal error, never USER/PASS with the token.
     */
    public Pop3UpstreamLogin withBearer(Credentials.BearerMechanism mechanism) {
        this.bearer = mechanism;
        return this;
    }

    @Override
    public void start(Channel upstream, String login, String password, Promise<UpstreamLoginResult> result) {
        if (hasLineBreakOrNul(login) || hasLineBreakOrNul(password)) {
            result.trySuccess(new UpstreamLoginResult.Failed(
                    "the login or password holds CR, LF or NUL, which would inject a command upstream"));
            return;
        }
        upstream.pipeline()
                .addLast(LINES, new LineBasedFrameDecoder(maxLineLength, false, true))
                .addLast(HANDLER, new Handler(this, login, password, result,
                        UpstreamTlsStarter.of(upstream).orElse(null)));
        upstream.config().setAutoRead(true);
        upstream.read();
    }

    private static boolean hasLineBreakOrNul(String text) {
        return text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\0') >= 0;
    }

    private enum State { GREETING, STLS, TLS_HANDSHAKE, XCLIENT, USER, PASS, CAPA, CAPA_LINES, AUTH, DONE }

    private static final class Handler extends SimpleChannelInboundHandler<ByteBuf> {
        private final byte[] login;
        private final byte[] password;
        private final Promise<UpstreamLoginResult> result;
        private final Pop3UpstreamLogin owner;
        private final int maxLineLength;
        private final UpstreamTlsStarter stls;
        private State state = State.GREETING;
        private boolean offersXclient;
        private boolean offersMechanism;

        /** @param stls the STLS step to take after the greeting; {@code null} for none */
        Handler(Pop3UpstreamLogin owner, String login, String password, Promise<UpstreamLoginResult> result,
                UpstreamTlsStarter stls) {
            this.owner = owner;
            this.login = WireText.encode(login);
            this.password = WireText.encode(password);
            this.result = result;
            this.maxLineLength = owner.maxLineLength;
            this.stls = stls;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf line) {
            if (state == State.DONE) {
                return; // a late line after a failure; the channel is being closed
            }
            String text = WireText.decode(ByteBufUtil.getBytes(line));
            if (state == State.GREETING) {
                offersXclient = text.regionMatches(true, 0, "+OK [XCLIENT]", 0, 13);
                if (!text.startsWith("+OK")) {
                    fail("the upstream's greeting is not \"+OK\": " + printable(text));
                } else if (stls != null) {
                    state = State.STLS;
                    send(ctx, "STLS", new byte[0]);
                } else {
                    sendXclientOrUser(ctx);
                }
            } else if (state == State.STLS || state == State.TLS_HANDSHAKE) {
                onStlsAnswer(ctx, text);
            } else if (state == State.CAPA || state == State.CAPA_LINES || state == State.AUTH) {
                onBearerStep(ctx, text, line);
            } else if (state == State.XCLIENT) {
                if (!text.startsWith("+OK")) {
                    owner.log.accept("the upstream refused XCLIENT: " + printable(text));
                }
                sendUser(ctx);
            } else if (text.startsWith("+OK")) {
                if (state == State.USER) {
                    state = State.PASS;
                    send(ctx, "PASS ", password);
                } else {
                    complete(new UpstreamLoginResult.Accepted(line.retain()));
                }
            } else if (text.startsWith("-ERR")) {
                complete(new UpstreamLoginResult.Refused(line.retain()));
            } else {
                fail("unexpected answer from the upstream to " + state + ": " + printable(text));
            }
        }

        /** With proxy_pop3_xclient, XCLIENT to an upstream whose greeting offered it, then USER. */
        private void sendXclientOrUser(ChannelHandlerContext ctx) {
            if (owner.xclientLine == null) {
                sendUser(ctx);
            } else if (offersXclient) {
                state = State.XCLIENT;
                send(ctx, owner.xclientLine, new byte[0]);
            } else {
                owner.log.accept("the upstream's greeting does not offer XCLIENT; logging in without it");
                sendUser(ctx);
            }
        }

        private void sendUser(ChannelHandlerContext ctx) {
            if (owner.bearer != null) {
                state = State.CAPA;
                send(ctx, "CAPA", new byte[0]);
                return;
            }
            state = State.USER;
            send(ctx, "USER ", login);
        }

        /** CAPA's answer (is the mechanism in its SASL line?), then AUTH and its answers. */
        private void onBearerStep(ChannelHandlerContext ctx, String text, ByteBuf line) {
            String mechanism = owner.bearer.name();
            if (state == State.CAPA) {
                if (!text.startsWith("+OK")) {
                    fail("proxy_oauth is mechanism, but the upstream refused CAPA: " + printable(text));
                    return;
                }
                state = State.CAPA_LINES;
            } else if (state == State.CAPA_LINES) {
                String capability = text.strip();
                if (capability.equals(".")) {
                    if (!offersMechanism) {
                        fail("proxy_oauth is mechanism, but the upstream's CAPA offers no SASL " + mechanism);
                        return;
                    }
                    state = State.AUTH;
                    send(ctx, "AUTH " + mechanism + " " + bearerResponse(), new byte[0]);
                } else if (capability.toUpperCase(java.util.Locale.ROOT).startsWith("SASL ")) {
                    offersMechanism = java.util.Arrays.asList(capability.toUpperCase(java.util.Locale.ROOT).split(" +"))
                            .contains(mechanism);
                }
            } else if (text.startsWith("+OK")) {
                complete(new UpstreamLoginResult.Accepted(line.retain()));
            } else if (text.startsWith("-ERR")) {
                complete(new UpstreamLoginResult.Refused(line.retain()));
            } else if (text.startsWith("+")) {
                // RFC 7628 3.2.2: the mechanism's error; the dummy response brings the -ERR.
                send(ctx, Sasl.bearerErrorAcknowledgement(owner.bearer), new byte[0]);
            } else {
                fail("unexpected answer from the upstream to AUTH " + mechanism + ": " + printable(text));
            }
        }

        /** The base64 SASL response carrying the token. */
        private String bearerResponse() {
            return Sasl.encodeBearer(owner.bearer, WireText.decode(login), WireText.decode(password));
        }

        /** RFC 2595 4: {@code +OK}, then TLS; anything after it before the handshake is refused. */
        private void onStlsAnswer(ChannelHandlerContext ctx, String text) {
            if (state == State.TLS_HANDSHAKE) {
                fail("the upstream sent data after its STLS answer, before TLS");
                return;
            }
            if (!text.startsWith("+OK")) {
                fail("the upstream refused STLS: " + printable(text));
                return;
            }
            state = State.TLS_HANDSHAKE;
            stls.upgrade(ctx, LINES, new LineBasedFrameDecoder(maxLineLength, false, true)).addListener(f -> {
                if (state != State.TLS_HANDSHAKE) {
                    return; // failed meanwhile
                }
                if (f.isSuccess()) {
                    sendXclientOrUser(ctx);
                } else {
                    fail(stls.describeFailure(f.cause()));
                }
            });
        }

        private static void send(ChannelHandlerContext ctx, String command, byte[] argument) {
            ByteBuf out = ctx.alloc().buffer(command.length() + argument.length + 2);
            out.writeCharSequence(command, StandardCharsets.US_ASCII);
            out.writeBytes(argument).writeByte('\r').writeByte('\n');
            ctx.writeAndFlush(out);
        }

        private void fail(String reason) {
            complete(new UpstreamLoginResult.Failed(reason));
        }

        /** Completes the login once; a result that comes too late (after the timeout) is released. */
        private void complete(UpstreamLoginResult outcome) {
            state = State.DONE;
            if (!result.trySuccess(outcome)) {
                UpstreamLoginResult.release(outcome);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (state == State.TLS_HANDSHAKE) {
                return; // the handshake's own failure is reported by its future
            }
            if (cause instanceof TooLongFrameException) {
                fail("the upstream sent a line longer than proxy_buffer during the login");
            } else {
                fail(cause.toString());
            }
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            fail("the upstream closed the connection during the login");
            ctx.fireChannelInactive();
        }
    }

    /** An upstream line for the error log: without its line ending, cut short, escaped. */
    static String printable(String line) {
        return LogText.quoted(line);
    }
}
