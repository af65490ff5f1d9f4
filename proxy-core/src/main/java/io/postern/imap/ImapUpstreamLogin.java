package io.postern.imap;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.util.concurrent.Promise;
import io.postern.engine.LogText;
import io.postern.engine.UpstreamLogin;
import io.postern.engine.UpstreamTlsStarter;
import io.postern.engine.UpstreamLoginResult;
import io.postern.sasl.Sasl;
import io.postern.spi.Credentials;
import io.postern.spi.WireText;
import io.postern.spi.imap.ImapHierarchy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The IMAP upstream login, as nginx replays it ({@code ngx_mail_proxy_imap_handler}): wait
 * for the {@code * OK} greeting, send {@code <tag> LOGIN {n}}, the login, {@code {m}}, the
 * password, each literal only after the server's {@code +}, and relay the whole answer
 * (untagged lines and the tagged result) to the client. The client's own tag is used, so the
 * tagged answer is already the right reply to the client's LOGIN or AUTHENTICATE. Unlike
 * nginx, any number of untagged lines (a CAPABILITY, an ALERT) may precede the tagged
 * result, up to a bound.
 *
 * <p>Also unlike nginx, when the greeting announces {@code LITERAL+} (or {@code LITERAL-} and
 * both are at most 4096 bytes, RFC 7888) the two literals are sent non-synchronizing, the whole
 * command in one write: {@code <tag> LOGIN {n+}}, the login, {@code {m+}}, the password. That
 * saves two round trips per login, and the upstream's work of answering them (measured with
 * Dovecot: BENCHMARKS.md). Not after STARTTLS, whose capabilities the greeting no longer
 * speaks for (RFC 3501 6.2.1).
 *
 * <p>When post-login filters may see the session, the login asks one more thing before it
 * reports success: {@code postern-hier LIST "" ""}, whose answer (swallowed, never relayed)
 * names the upstream's hierarchy separator, so a filter that maps mailbox names never has to
 * guess it ({@link io.postern.spi.imap.ImapHierarchy}). The client's commands wait meanwhile,
 * as they wait for the login itself.
 */
public final class ImapUpstreamLogin implements UpstreamLogin {

    /** Untagged lines tolerated before the tagged result of LOGIN. */
    static final int MAX_UNTAGGED_LINES = 32;

    static final String LINES = "imap-login-lines";
    static final String HANDLER = "imap-login";

    private final String tag;
    private final int maxLineLength;
    private final String idLine;
    private final Consumer<ImapHierarchy> hierarchy;
    private Credentials.BearerMechanism bearer;

    /**
     * @param tag the tag of the client's login command
     * @param maxLineLength {@code proxy_buffer}: the longest line the upstream may send during the login
     * @param idLine an {@code ID} command to send before the login ({@code proxy_imap_id}), or
     *     {@code null}; its answer, whatever it is, is not relayed
     */
    public ImapUpstreamLogin(String tag, int maxLineLength, String idLine) {
        this(tag, maxLineLength, idLine, null);
    }

    /**
     * @param hierarchy told the upstream's hierarchy, learnt after the login with
     *     {@code LIST "" ""}; {@code null} not to ask (no filter will read it)
     */
    public ImapUpstreamLogin(String tag, int maxLineLength, String idLine, Consumer<ImapHierarchy> hierarchy) {
        this.tag = tag;
        this.maxLineLength = maxLineLength;
        this.idLine = idLine;
        this.hierarchy = hierarchy;
    }

    /**
     * Logs in with {@code AUTHENTICATE <mechanism>} and the password as the bearer token
     * ({@code proxy_oauth = mechanism}) instead of LOGIN, and only to an upstream whose
     * CAPABILITY offers {@code AUTH=<mechanism>}: one that does not gets no login, and the
     * client the internal error, never a LOGIN with the token.
     */
    public ImapUpstreamLogin withBearer(Credentials.BearerMechanism mechanism) {
        this.bearer = mechanism;
        return this;
    }

    @Override
    public void start(Channel upstream, String login, String password, Promise<UpstreamLoginResult> result) {
        Handler handler = new Handler(tag, login, password, result, maxLineLength,
                UpstreamTlsStarter.of(upstream).orElse(null), idLine, hierarchy);
        handler.bearer = bearer;
        upstream.pipeline()
                .addLast(LINES, new LineBasedFrameDecoder(maxLineLength, false, true))
                .addLast(HANDLER, handler);
        upstream.config().setAutoRead(true);
        upstream.read();
    }

    /** The tag of Postern's own STARTTLS; it never meets the client's tags, which come after it. */
    static final String STARTTLS_TAG = "postern-tls";

    /** The tag of Postern's own {@code LIST "" ""} after the login; the client's commands come after it. */
    static final String HIERARCHY_TAG = "postern-hier";

    /** The tag of Postern's own CAPABILITY, asked before AUTHENTICATE when the greeting did not say. */
    static final String CAPABILITY_TAG = "postern-cap";

    private enum State {
        GREETING, STARTTLS, TLS_HANDSHAKE, ID, LOGIN_LITERAL, PASSWORD_LITERAL, RESULT, HIERARCHY,
        CAPABILITY, AUTHENTICATE, DONE
    }

    private static final class Handler extends SimpleChannelInboundHandler<ByteBuf> {
        private final String tag;
        private final byte[] login;
        private final byte[] password;
        private final Promise<UpstreamLoginResult> result;
        private final int maxLineLength;
        private final UpstreamTlsStarter starttls;
        private final String idLine;
        private final Consumer<ImapHierarchy> hierarchy;
        private State state = State.GREETING;
        /** With {@code proxy_oauth = mechanism}: the bearer mechanism to log in with. */
        private Credentials.BearerMechanism bearer;
        private boolean responseSent;
        private ImapHierarchy learnt;
        private CompositeByteBuf reply;
        private int untaggedLines;

        /** @param starttls the STARTTLS step to take after the greeting; {@code null} for none */
        Handler(String tag, String login, String password, Promise<UpstreamLoginResult> result, int maxLineLength,
                UpstreamTlsStarter starttls, String idLine, Consumer<ImapHierarchy> hierarchy) {
            this.idLine = idLine;
            this.hierarchy = hierarchy;
            this.tag = tag;
            this.login = WireText.encode(login);
            this.password = WireText.encode(password);
            this.result = result;
            this.maxLineLength = maxLineLength;
            this.starttls = starttls;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf line) {
            if (state == State.DONE) {
                return; // a late line after a failure; the channel is being closed
            }
            // An ASCII line (nearly every one) becomes its String in one copy.
            String text = ByteBufUtil.isText(line, StandardCharsets.US_ASCII) ? line.toString(StandardCharsets.US_ASCII)
                    : WireText.decode(ByteBufUtil.getBytes(line));
            switch (state) {
                case GREETING -> onGreeting(ctx, text);
                case STARTTLS -> onStartTlsAnswer(ctx, text);
                case TLS_HANDSHAKE -> fail("the upstream sent data after its STARTTLS answer, before TLS");
                case ID -> onIdAnswer(ctx, text);
                case LOGIN_LITERAL -> onContinuation(ctx, text, login, " {" + password.length + "}\r\n",
                        State.PASSWORD_LITERAL, line);
                case PASSWORD_LITERAL -> onContinuation(ctx, text, password, "\r\n", State.RESULT, line);
                case RESULT -> onResult(ctx, text, line);
                case CAPABILITY -> onCapabilityAnswer(ctx, text);
                case AUTHENTICATE -> onAuthenticateAnswer(ctx, text, line);
                case HIERARCHY -> onHierarchyAnswer(text);
                default -> throw new IllegalStateException(state.name());
            }
        }

        private void onGreeting(ChannelHandlerContext ctx, String text) {
            if (!startsWithIgnoreCase(text, "* OK")) {
                fail("the upstream's greeting is not \"* OK\": " + printable(text));
                return;
            }
            UpstreamCapabilities.record(ctx.channel(), text);
            if (starttls != null) {
                state = State.STARTTLS;
                ctx.writeAndFlush(ascii(ctx, STARTTLS_TAG + " STARTTLS\r\n"));
                return;
            }
            sendIdThenLogin(ctx);
        }

        private void sendIdThenLogin(ChannelHandlerContext ctx) {
            if (idLine == null) {
                sendLogin(ctx);
                return;
            }
            state = State.ID;
            byte[] id = WireText.encode(idLine); // the client's ID fields as it sent them
            ByteBuf out = ctx.alloc().buffer(id.length + 2);
            out.writeBytes(id);
            out.writeByte('\r').writeByte('\n');
            ctx.writeAndFlush(out);
        }

        /**
         * Whatever the upstream answers to ID (OK, or BAD from a server without RFC 2971), the
         * login follows; its untagged {@code * ID} line is Postern's business, not the client's.
         */
        private void onIdAnswer(ChannelHandlerContext ctx, String text) {
            if (text.startsWith(ImapIdForwarding.TAG + " ")) {
                sendLogin(ctx);
            } else if (!isUntagged(text)) {
                fail("unexpected line from the upstream after ID: " + printable(text));
            }
        }

        private void sendLogin(ChannelHandlerContext ctx) {
            if (bearer != null) {
                if (UpstreamCapabilities.of(ctx.channel()).isPresent()) {
                    sendAuthenticate(ctx);
                } else {
                    state = State.CAPABILITY;
                    ctx.writeAndFlush(ascii(ctx, CAPABILITY_TAG + " CAPABILITY\r\n"));
                }
                return;
            }
            if (starttls == null && takesNonSynchronizing(ctx)) {
                state = State.RESULT;
                String loginHeader = tag + " LOGIN {" + login.length + "+}\r\n";
                String passwordHeader = " {" + password.length + "+}\r\n";
                ByteBuf out = ctx.alloc().buffer(loginHeader.length() + login.length + passwordHeader.length()
                        + password.length + 2);
                out.writeCharSequence(loginHeader, StandardCharsets.US_ASCII);
                out.writeBytes(login).writeCharSequence(passwordHeader, StandardCharsets.US_ASCII);
                out.writeBytes(password).writeByte('\r').writeByte('\n');
                ctx.writeAndFlush(out);
                return;
            }
            state = State.LOGIN_LITERAL;
            ctx.writeAndFlush(ascii(ctx, tag + " LOGIN {" + login.length + "}\r\n"));
        }

        /** Whether the greeting's capabilities let both literals go without waiting for {@code +}. */
        private boolean takesNonSynchronizing(ChannelHandlerContext ctx) {
            return UpstreamCapabilities.of(ctx.channel()).map(known -> {
                LiteralSupport literals = new LiteralSupport(Optional.of(known));
                return !literals.mustSynchronize(login.length) && !literals.mustSynchronize(password.length);
            }).orElse(false);
        }

        private void onCapabilityAnswer(ChannelHandlerContext ctx, String text) {
            if (isUntagged(text)) {
                UpstreamCapabilities.record(ctx.channel(), text);
            } else if (startsWithIgnoreCase(text, CAPABILITY_TAG + " OK")) {
                sendAuthenticate(ctx);
            } else {
                fail("the upstream refused CAPABILITY: " + printable(text));
            }
        }

        /** {@code AUTHENTICATE <mechanism> [<initial response>]} (RFC 4959 when offered), or no login at all. */
        private void sendAuthenticate(ChannelHandlerContext ctx) {
            List<String> capabilities = UpstreamCapabilities.of(ctx.channel()).orElse(List.of());
            String mechanism = bearer.name();
            if (capabilities.stream().noneMatch(c -> c.equalsIgnoreCase("AUTH=" + mechanism))) {
                fail("proxy_oauth is mechanism, but the upstream does not offer AUTH=" + mechanism);
                return;
            }
            state = State.AUTHENTICATE;
            if (capabilities.stream().anyMatch(c -> c.equalsIgnoreCase("SASL-IR"))) {
                responseSent = true;
                ctx.writeAndFlush(ascii(ctx, tag + " AUTHENTICATE " + mechanism + " " + bearerResponse() + "\r\n"));
            } else {
                ctx.writeAndFlush(ascii(ctx, tag + " AUTHENTICATE " + mechanism + "\r\n"));
            }
        }

        /**
         * {@code +} asks for the response, or, once it is sent, is the mechanism's error
         * (RFC 7628 3.2.2), answered with the dummy response to get the tagged NO; tagged and
         * untagged lines are the result's, as for LOGIN.
         */
        private void onAuthenticateAnswer(ChannelHandlerContext ctx, String text, ByteBuf line) {
            if (text.startsWith("+")) {
                String answer = responseSent ? Sasl.bearerErrorAcknowledgement(bearer) : bearerResponse();
                responseSent = true;
                ctx.writeAndFlush(ascii(ctx, answer + "\r\n"));
                return;
            }
            onResult(ctx, text, line);
        }

        /** The base64 SASL response carrying the token for the login. */
        private String bearerResponse() {
            return Sasl.encodeBearer(bearer, WireText.decode(login), WireText.decode(password));
        }

        /** RFC 3501 6.2.1: a tagged OK, then TLS; untagged lines before it are ignored. */
        private void onStartTlsAnswer(ChannelHandlerContext ctx, String text) {
            if (isUntagged(text)) {
                return;
            }
            if (!startsWithIgnoreCase(text, STARTTLS_TAG + " OK")) {
                fail("the upstream refused STARTTLS: " + printable(text));
                return;
            }
            state = State.TLS_HANDSHAKE;
            starttls.upgrade(ctx, LINES, new LineBasedFrameDecoder(maxLineLength, false, true)).addListener(f -> {
                if (state != State.TLS_HANDSHAKE) {
                    return; // failed meanwhile
                }
                if (f.isSuccess()) {
                    sendIdThenLogin(ctx);
                } else {
                    fail(starttls.describeFailure(f.cause()));
                }
            });
        }

        private void onContinuation(ChannelHandlerContext ctx, String text, byte[] literal, String after,
                                    State next, ByteBuf line) {
            if (text.startsWith("+")) {
                state = next;
                ByteBuf out = ctx.alloc().buffer(literal.length + after.length());
                out.writeBytes(literal).writeCharSequence(after, StandardCharsets.US_ASCII);
                ctx.writeAndFlush(out);
            } else if (isTagged(text)) {
                refused(line);
            } else if (!isUntagged(text)) {
                fail("the upstream answered the LOGIN literal with " + printable(text));
            }
            // An untagged line while we wait for "+" is an unsolicited status; ignore it.
        }

        private void onResult(ChannelHandlerContext ctx, String text, ByteBuf line) {
            if (isUntagged(text)) {
                if (++untaggedLines > MAX_UNTAGGED_LINES) {
                    fail("the upstream sent more than " + MAX_UNTAGGED_LINES + " untagged lines before its LOGIN result");
                    return;
                }
                UpstreamCapabilities.record(ctx.channel(), text);
                collect(ctx, line);
            } else if (isTagged(text)) {
                String status = text.substring(tag.length() + 1);
                if (startsWithIgnoreCase(status, "OK")) {
                    UpstreamCapabilities.record(ctx.channel(), text);
                    collect(ctx, line);
                    if (hierarchy == null) {
                        succeed();
                    } else {
                        state = State.HIERARCHY;
                        ctx.writeAndFlush(ascii(ctx, HIERARCHY_TAG + " LIST \"\" \"\"\r\n"));
                    }
                } else {
                    refused(line);
                }
            } else {
                fail("unexpected line from the upstream after the password: " + printable(text));
            }
        }

        /**
         * The answer to {@code LIST "" ""}: {@code * LIST (\\Noselect) "/" ""} names the
         * separator, {@code NIL} a flat hierarchy. Whatever the tagged status, the login has
         * succeeded; without a usable line the session simply has no known hierarchy.
         */
        private void onHierarchyAnswer(String text) {
            if (isUntagged(text)) {
                if (++untaggedLines > 2 * MAX_UNTAGGED_LINES) {
                    fail("the upstream sent more than " + 2 * MAX_UNTAGGED_LINES
                            + " untagged lines during the login and its answer to LIST");
                    return;
                }
                if (learnt == null) {
                    learnt = ListDelimiter.parse(text).orElse(null);
                }
            } else if (text.startsWith(HIERARCHY_TAG + " ")) {
                if (learnt != null && startsWithIgnoreCase(text.substring(HIERARCHY_TAG.length() + 1), "OK")) {
                    hierarchy.accept(learnt);
                }
                succeed();
            }
            // Anything else (the rest of a literal, which a name in the answer to LIST "" "" never is) is skipped.
        }

        private void succeed() {
            state = State.DONE;
            CompositeByteBuf answer = reply;
            reply = null;
            result.trySuccess(new UpstreamLoginResult.Accepted(answer));
        }

        private void collect(ChannelHandlerContext ctx, ByteBuf line) {
            if (reply == null) {
                reply = ctx.alloc().compositeBuffer(MAX_UNTAGGED_LINES + 1);
            }
            reply.addComponent(true, line.retain());
        }

        private void refused(ByteBuf line) {
            state = State.DONE;
            releaseReply();
            result.trySuccess(new UpstreamLoginResult.Refused(line.retain()));
        }

        private void fail(String reason) {
            state = State.DONE;
            releaseReply();
            result.trySuccess(new UpstreamLoginResult.Failed(reason));
        }

        private void releaseReply() {
            if (reply != null) {
                reply.release();
                reply = null;
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (state == State.TLS_HANDSHAKE) {
                return; // the handshake's own failure is reported by its future
            }
            if (cause instanceof io.netty.handler.codec.TooLongFrameException) {
                fail("the upstream sent a line longer than proxy_buffer during the login");
            } else {
                fail(cause.toString());
            }
            ctx.close();
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            releaseReply();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            fail("the upstream closed the connection during the login");
            ctx.fireChannelInactive();
        }

        private boolean isTagged(String text) {
            return text.length() > tag.length() && text.startsWith(tag) && text.charAt(tag.length()) == ' ';
        }

        private static boolean isUntagged(String text) {
            return text.startsWith("* ");
        }
    }

    private static boolean startsWithIgnoreCase(String text, String prefix) {
        return text.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    private static ByteBuf ascii(ChannelHandlerContext ctx, String text) {
        ByteBuf out = ctx.alloc().buffer(text.length());
        out.writeCharSequence(text, StandardCharsets.US_ASCII);
        return out;
    }

    /** An upstream line for the error log: without its line ending, cut short, escaped, never a literal's content. */
    static String printable(String line) {
        return LogText.quoted(line);
    }
}
