package io.postern.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.Promise;
import io.postern.engine.UpstreamLoginResult;
import io.postern.sasl.SaslMechanism;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The upstream login's state machine on an {@link EmbeddedChannel}: replies in, commands out. */
class SmtpUpstreamLoginTest {

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final Promise<UpstreamLoginResult> result = channel.eventLoop().newPromise();
    private final List<String> warnings = new ArrayList<>();

    @AfterEach
    void release() {
        if (result.isDone()) {
            UpstreamLoginResult.release(result.getNow());
        }
        channel.finishAndReleaseAll();
    }

    private static SmtpSettings settings(boolean xclient, boolean proxySmtpAuth) {
        return settings(xclient ? XclientMode.ON : XclientMode.OFF, proxySmtpAuth);
    }

    private static SmtpSettings settings(XclientMode xclient, boolean proxySmtpAuth) {
        return new SmtpSettings("postern.test", Duration.ZERO, List.of(SaslMechanism.PLAIN), true, 4096,
                xclient, true, proxySmtpAuth, "plain", 512, List.of());
    }

    private void start(SmtpSettings settings, SmtpEnvelope envelope, boolean noneMode, String client, String login)
            throws Exception {
        new SmtpUpstreamLogin(settings, envelope, noneMode, new InetSocketAddress(InetAddress.getByName(client), 50123),
                new InetSocketAddress("127.0.0.1", 587), warnings::add, Map::of)
                .start(channel, login, "secret", result);
    }

    /** Feeds upstream bytes one at a time, so every reply arrives split at every boundary. */
    private void upstreamSays(String text) {
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
    }

    private List<String> sent() {
        List<String> lines = new ArrayList<>();
        ByteBuf out;
        while ((out = channel.readOutbound()) != null) {
            lines.add(out.toString(StandardCharsets.UTF_8));
            out.release();
        }
        return lines;
    }

    private String acceptedReply() {
        assertThat(result.isDone()).isTrue();
        assertThat(result.getNow()).isInstanceOf(UpstreamLoginResult.Accepted.class);
        return ((UpstreamLoginResult.Accepted) result.getNow()).reply().toString(StandardCharsets.UTF_8);
    }

    @Test
    void readsEveryMultiLineReplyToItsLastLineBeforeTheNextCommand() throws Exception {
        start(settings(true, false), SmtpEnvelope.EMPTY.hello("client.example", true), false, "::1", "bob");
        upstreamSays("220-fake.example ESMTP\r\n");
        assertThat(sent()).isEmpty();
        upstreamSays("220 ready\r\n");
        assertThat(sent()).containsExactly("EHLO postern.test\r\n");
        upstreamSays("250-fake.example\r\n250-XCLIENT ADDR LOGIN NAME\r\n");
        assertThat(sent()).isEmpty();
        upstreamSays("250 8BITMIME\r\n");
        assertThat(sent()).containsExactly("XCLIENT ADDR=IPV6:::1 LOGIN=bob NAME=[UNAVAILABLE]\r\n");
        upstreamSays("220 fake.example ESMTP\r\n");
        assertThat(sent()).containsExactly("EHLO client.example\r\n");
        assertThat(result.isDone()).isFalse();
        upstreamSays("250-fake.example\r\n250 8BITMIME\r\n");
        assertThat(acceptedReply()).isEqualTo("235 2.0.0 OK\r\n");
        assertThat(warnings).isEmpty();
    }

    @Test
    void addsTheClientsPortAndTheAddressItReachedWhenTheUpstreamOffersThem() throws Exception {
        start(settings(true, false), SmtpEnvelope.EMPTY, false, "192.0.2.1", "bob");
        upstreamSays("220 ready\r\n250-fake.example\r\n"
                + "250 XCLIENT NAME ADDR PROTO HELO REVERSE_NAME PORT LOGIN DESTADDR DESTPORT\r\n");
        assertThat(sent()).containsExactly("EHLO postern.test\r\n",
                "XCLIENT ADDR=192.0.2.1 PORT=50123 DESTADDR=127.0.0.1 DESTPORT=587 LOGIN=bob NAME=[UNAVAILABLE]\r\n");
    }

    @Test
    void relaysTheWholeRcptReplyInNoneMode() throws Exception {
        SmtpEnvelope envelope = SmtpEnvelope.EMPTY.mail("MAIL FROM:<a@example.com>").rcpt("RCPT TO:<b@example.com>");
        start(settings(false, true), envelope, true, "192.0.2.1", "");
        upstreamSays("220 ready\r\n");
        assertThat(sent()).containsExactly("HELO postern.test\r\n");
        upstreamSays("250 fake.example\r\n");
        assertThat(sent()).containsExactly("MAIL FROM:<a@example.com>\r\n");
        upstreamSays("250 2.1.0 Ok\r\n");
        assertThat(sent()).containsExactly("RCPT TO:<b@example.com>\r\n");
        upstreamSays("550-5.1.1 <b@example.com>: Recipient address rejected:\r\n550 5.1.1 User unknown\r\n");
        assertThat(acceptedReply()).isEqualTo(
                "550-5.1.1 <b@example.com>: Recipient address rejected:\r\n550 5.1.1 User unknown\r\n");
    }

    @Test
    void authenticatesWithPlainAndSendsNoLoginInXclient() throws Exception {
        start(settings(true, true), SmtpEnvelope.EMPTY, false, "192.0.2.1", "bob");
        upstreamSays("220 ready\r\n250-fake.example\r\n250 XCLIENT ADDR NAME\r\n");
        assertThat(sent()).containsExactly("EHLO postern.test\r\n", "XCLIENT ADDR=192.0.2.1 NAME=[UNAVAILABLE]\r\n");
        upstreamSays("250 ok\r\n");
        assertThat(sent()).containsExactly("AUTH PLAIN AGJvYgBzZWNyZXQ=\r\n");
        upstreamSays("235 2.7.0 Authentication successful\r\n");
        assertThat(acceptedReply()).isEqualTo("235 2.0.0 OK\r\n");
    }

    @Test
    void refusesWithTheUpstreamsWholeReply() throws Exception {
        start(settings(false, true), SmtpEnvelope.EMPTY, false, "192.0.2.1", "bob");
        upstreamSays("220 ready\r\n250 fake.example\r\n");
        sent();
        upstreamSays("535-5.7.8 Error:\r\n535 5.7.8 authentication failed\r\n");
        assertThat(result.getNow()).isInstanceOf(UpstreamLoginResult.Refused.class);
        assertThat(((UpstreamLoginResult.Refused) result.getNow()).reply().toString(StandardCharsets.UTF_8))
                .isEqualTo("535-5.7.8 Error:\r\n535 5.7.8 authentication failed\r\n");
        assertThat(warnings).singleElement().asString().contains("AUTH").doesNotContain("secret");
    }

    @Test
    void refusesAGreetingOtherThan220() throws Exception {
        start(settings(false, false), SmtpEnvelope.EMPTY, false, "192.0.2.1", "bob");
        upstreamSays("554 5.3.2 busy\r\n");
        assertThat(result.getNow()).isInstanceOf(UpstreamLoginResult.Refused.class);
        assertThat(sent()).isEmpty();
    }

    @Test
    void offeredModeLogsInWithoutXclientWhenTheUpstreamDoesNotOfferIt() throws Exception {
        start(settings(XclientMode.OFFERED, false), SmtpEnvelope.EMPTY, false, "192.0.2.1", "bob");
        upstreamSays("220 ready\r\n250-fake.example\r\n250 8BITMIME\r\n");
        assertThat(sent()).containsExactly("EHLO postern.test\r\n");
        assertThat(acceptedReply()).isEqualTo("235 2.0.0 OK\r\n");
        assertThat(warnings).singleElement().asString().contains("XCLIENT");
    }

    @Test
    void sendsXclientAsNginxDoesEvenWhenTheUpstreamDoesNotOfferIt() throws Exception {
        start(settings(XclientMode.ON, false), SmtpEnvelope.EMPTY.hello("client.example", false), false,
                "192.0.2.1", "bob");
        upstreamSays("220 ready\r\n250-fake.example\r\n250 8BITMIME\r\n");
        assertThat(sent()).containsExactly("EHLO postern.test\r\n",
                "XCLIENT ADDR=192.0.2.1 LOGIN=bob NAME=[UNAVAILABLE]\r\n");
        upstreamSays("250 ok\r\n");
        assertThat(sent()).containsExactly("HELO client.example\r\n");
        upstreamSays("250 fake.example\r\n");
        assertThat(acceptedReply()).isEqualTo("235 2.0.0 OK\r\n");
    }

    @Test
    void anUpstreamThatRefusesXclientFailsTheLoginWithItsReply() throws Exception {
        start(settings(XclientMode.ON, false), SmtpEnvelope.EMPTY, false, "192.0.2.1", "bob");
        upstreamSays("220 ready\r\n250-fake.example\r\n250 8BITMIME\r\n");
        sent();
        upstreamSays("550 5.7.0 Error: insufficient authorization\r\n");
        assertThat(result.getNow()).isInstanceOf(UpstreamLoginResult.Refused.class);
        assertThat(((UpstreamLoginResult.Refused) result.getNow()).reply().toString(StandardCharsets.UTF_8))
                .isEqualTo("550 5.7.0 Error: insufficient authorization\r\n");
        assertThat(sent()).isEmpty();
    }

    @Test
    void failsOnLinesThatAreNotReplies() throws Exception {
        start(settings(false, false), SmtpEnvelope.EMPTY, false, "192.0.2.1", "bob");
        upstreamSays("hello there\r\n");
        assertThat(result.getNow()).isInstanceOf(UpstreamLoginResult.Failed.class);
    }

    @Test
    void failsOnAMultiLineReplyWhoseCodesDiffer() throws Exception {
        start(settings(false, false), SmtpEnvelope.EMPTY, false, "192.0.2.1", "bob");
        upstreamSays("220-fake.example\r\n250 ready\r\n");
        assertThat(result.getNow()).isInstanceOf(UpstreamLoginResult.Failed.class);
    }

    @Test
    void failsOnAReplyLongerThanProxyBuffer() throws Exception {
        start(settings(false, false), SmtpEnvelope.EMPTY, false, "192.0.2.1", "bob");
        upstreamSays("220-" + "x".repeat(300) + "\r\n220-" + "x".repeat(300) + "\r\n");
        assertThat(result.getNow()).isInstanceOf(UpstreamLoginResult.Failed.class);
    }

    @Test
    void refusesToSendALoginWithALineBreak() throws Exception {
        start(settings(true, false), SmtpEnvelope.EMPTY, false, "192.0.2.1", "bob\r\nRCPT TO:<x@example.com>");
        assertThat(result.getNow()).isInstanceOf(UpstreamLoginResult.Failed.class);
        upstreamSays("220 ready\r\n");
        assertThat(sent()).isEmpty();
    }

    @Test
    void failsWhenTheUpstreamCloses() throws Exception {
        start(settings(false, false), SmtpEnvelope.EMPTY, false, "192.0.2.1", "bob");
        upstreamSays("220-fake");
        channel.close();
        assertThat(result.getNow()).isInstanceOf(UpstreamLoginResult.Failed.class);
    }

    @Test
    void xclientNameIsTheClientHostInXtext() throws Exception {
        SmtpUpstreamLogin login = new SmtpUpstreamLogin(settings(true, false), SmtpEnvelope.EMPTY, false,
                new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 50123), new InetSocketAddress("127.0.0.1", 587),
                warnings::add, Map::of, "mx.client.example");
        SmtpUpstreamLogin hostile = new SmtpUpstreamLogin(settings(true, false), SmtpEnvelope.EMPTY, false,
                new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 50123), new InetSocketAddress("127.0.0.1", 587),
                warnings::add, Map::of, "a b+c=d\r\n");

        assertThat(login.xclientLine("bob", java.util.Set.of())).isEqualTo("XCLIENT ADDR=192.0.2.1 LOGIN=bob NAME=mx.client.example");
        assertThat(hostile.xclientLine("", java.util.Set.of())).isEqualTo("XCLIENT ADDR=192.0.2.1 NAME=a+20b+2Bc+3Dd+0D+0A");
    }
}
