package io.postern.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.Promise;
import io.postern.engine.UpstreamLoginResult;
import io.postern.spi.WireText;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The USER/PASS replay to the upstream, line by line on an {@link EmbeddedChannel}. */
class Pop3UpstreamLoginTest {

    private final EmbeddedChannel upstream = new EmbeddedChannel();
    private final Promise<UpstreamLoginResult> result = upstream.eventLoop().newPromise();

    @AfterEach
    void release() {
        if (result.isDone()) {
            UpstreamLoginResult.release(result.getNow());
        }
        upstream.finishAndReleaseAll();
    }

    private void start(String login, String password) {
        new Pop3UpstreamLogin(512).start(upstream, login, password, result);
    }

    private void upstreamSays(String text) {
        upstream.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
    }

    private String sentToUpstream() {
        ByteBuf out = upstream.readOutbound();
        if (out == null) {
            return null;
        }
        try {
            return out.toString(StandardCharsets.UTF_8);
        } finally {
            out.release();
        }
    }

    private static String text(ByteBuf buf) {
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void sendsXclientWhenTheGreetingOffersIt() {
        java.util.List<String> warnings = new java.util.ArrayList<>();
        String xclient = Pop3UpstreamLogin.xclientLine(new java.net.InetSocketAddress("192.0.2.7", 50123), "0000002a", 5);
        new Pop3UpstreamLogin(512, xclient, warnings::add).start(upstream, "bob", "secret", result);
        upstreamSays("+OK [XCLIENT] Dovecot ready.\r\n");
        assertThat(sentToUpstream()).isEqualTo("XCLIENT ADDR=192.0.2.7 PORT=50123 SESSION=0000002a TTL=5\r\n");
        upstreamSays("+OK\r\n");
        assertThat(sentToUpstream()).isEqualTo("USER bob\r\n");
        assertThat(warnings).isEmpty();
    }

    @Test
    void logsInWithoutXclientWhenTheGreetingDoesNotOfferIt() {
        java.util.List<String> warnings = new java.util.ArrayList<>();
        new Pop3UpstreamLogin(512, "XCLIENT ADDR=192.0.2.7", warnings::add).start(upstream, "bob", "secret", result);
        upstreamSays("+OK Dovecot ready.\r\n");
        assertThat(sentToUpstream()).isEqualTo("USER bob\r\n");
        assertThat(warnings).singleElement().asString().contains("does not offer XCLIENT");
    }

    @Test
    void sendsUserThenPassAndAcceptsWithThePassAnswer() {
        start("bob", "pa ss");
        upstreamSays("+OK POP3 server ready <1.2@host>\r\n");
        assertThat(sentToUpstream()).isEqualTo("USER bob\r\n");
        upstreamSays("+OK\r\n");
        assertThat(sentToUpstream()).isEqualTo("PASS pa ss\r\n");
        assertThat(result.isDone()).isFalse();
        upstreamSays("+OK maildrop has 2 messages\r\n");
        assertThat(result.getNow()).isInstanceOfSatisfying(UpstreamLoginResult.Accepted.class,
                accepted -> assertThat(text(accepted.reply())).isEqualTo("+OK maildrop has 2 messages\r\n"));
    }

    @Test
    void sendsALoginAndPasswordThatAreNotUtf8AsTheClientsBytes() {
        start(WireText.decode(new byte[] {'b', (byte) 0xFF}), WireText.decode(new byte[] {'p', (byte) 0xC3}));
        upstreamSays("+OK ready\r\n");
        assertThat(sentBytes()).containsExactly('U', 'S', 'E', 'R', ' ', 'b', 0xFF, '\r', '\n');
        upstreamSays("+OK\r\n");
        assertThat(sentBytes()).containsExactly('P', 'A', 'S', 'S', ' ', 'p', 0xC3, '\r', '\n');
    }

    @Test
    void quotesAnUpstreamsLineEscapedInItsFailure() {
        start("bob", "secret");
        upstreamSays("-ERR \u001b[31mred\r\n");
        assertThat(result.getNow()).isInstanceOfSatisfying(UpstreamLoginResult.Failed.class,
                failed -> assertThat(failed.reason()).endsWith("\"-ERR \\x1B[31mred\"").doesNotContain("\u001b"));
    }

    private byte[] sentBytes() {
        ByteBuf out = upstream.readOutbound();
        try {
            return io.netty.buffer.ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    @Test
    void acceptsAnswersSplitAcrossReads() {
        start("bob", "secret");
        upstreamSays("+OK rea");
        upstreamSays("dy\r\n+");
        assertThat(sentToUpstream()).isEqualTo("USER bob\r\n");
        upstreamSays("OK\r\n");
        assertThat(sentToUpstream()).isEqualTo("PASS secret\r\n");
        upstreamSays("+OK\r\n");
        assertThat(result.getNow()).isInstanceOf(UpstreamLoginResult.Accepted.class);
    }

    @Test
    void failsWhenTheGreetingIsNotOk() {
        start("bob", "secret");
        upstreamSays("-ERR go away\r\n");
        assertThat(sentToUpstream()).isNull();
        assertThat(result.getNow()).isInstanceOfSatisfying(UpstreamLoginResult.Failed.class,
                failed -> assertThat(failed.reason()).contains("greeting"));
    }

    @Test
    void isRefusedWithTheUpstreamLineOnErrToPass() {
        start("bob", "secret");
        upstreamSays("+OK\r\n");
        upstreamSays("+OK\r\n");
        upstreamSays("-ERR [AUTH] invalid password\r\n");
        assertThat(result.getNow()).isInstanceOfSatisfying(UpstreamLoginResult.Refused.class,
                refused -> assertThat(text(refused.reply())).isEqualTo("-ERR [AUTH] invalid password\r\n"));
    }

    @Test
    void isRefusedOnErrToUserWithoutSendingThePassword() {
        start("nobody", "secret");
        upstreamSays("+OK\r\n");
        assertThat(sentToUpstream()).isEqualTo("USER nobody\r\n");
        upstreamSays("-ERR no such user\r\n");
        assertThat(result.getNow()).isInstanceOf(UpstreamLoginResult.Refused.class);
        assertThat(sentToUpstream()).isNull();
    }

    @Test
    void failsOnAnAnswerThatIsNeitherOkNorErr() {
        start("bob", "secret");
        upstreamSays("+OK\r\n");
        upstreamSays("* OK this is IMAP\r\n");
        assertThat(result.getNow()).isInstanceOf(UpstreamLoginResult.Failed.class);
    }

    @Test
    void failsOnALineLongerThanProxyBuffer() {
        start("bob", "secret");
        upstreamSays("+OK " + "x".repeat(600) + "\r\n");
        assertThat(result.getNow()).isInstanceOfSatisfying(UpstreamLoginResult.Failed.class,
                failed -> assertThat(failed.reason()).contains("proxy_buffer"));
    }

    @Test
    void failsWhenTheUpstreamCloses() {
        start("bob", "secret");
        upstreamSays("+OK\r\n");
        upstream.close();
        assertThat(result.getNow()).isInstanceOf(UpstreamLoginResult.Failed.class);
    }

    @Test
    void refusesLineBreaksAndNulInLoginOrPasswordBeforeSendingAnything() {
        for (String[] pair : new String[][] {{"bob", "pw\r\nDELE 1"}, {"bob", "pw\nX"}, {"bob\r\nQUIT", "pw"},
                {"bob", "pw\0"}}) {
            EmbeddedChannel channel = new EmbeddedChannel();
            Promise<UpstreamLoginResult> outcome = channel.eventLoop().newPromise();
            new Pop3UpstreamLogin(512).start(channel, pair[0], pair[1], outcome);
            assertThat(outcome.getNow()).isInstanceOfSatisfying(UpstreamLoginResult.Failed.class,
                    failed -> assertThat(failed.reason()).contains("CR, LF or NUL").doesNotContain(pair[1]));
            assertThat(channel.pipeline().get(Pop3UpstreamLogin.HANDLER)).isNull();
            assertThat((Object) channel.readOutbound()).isNull();
            channel.finishAndReleaseAll();
        }
    }
}
