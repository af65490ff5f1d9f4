package io.postern.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.Promise;
import io.postern.engine.UpstreamLoginResult;
import io.postern.sasl.SaslMechanism;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** proxy_smtp_auth with XOAUTH2 and OAUTHBEARER: the token in the mechanism the upstream offers, or no login. */
class SmtpUpstreamBearerLoginTest {

    private static final String TOKEN = "ya29.T0ken";

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final Promise<UpstreamLoginResult> result = channel.eventLoop().newPromise();

    @AfterEach
    void release() {
        if (result.isDone()) {
            UpstreamLoginResult.release(result.getNow());
        }
        channel.finishAndReleaseAll();
    }

    private void start(String method) {
        SmtpSettings settings = new SmtpSettings("postern.test", Duration.ZERO, List.of(SaslMechanism.XOAUTH2), false,
                4096, XclientMode.OFF, true, true, method, 512, List.of());
        new SmtpUpstreamLogin(settings, SmtpEnvelope.EMPTY.hello("client.example", true), false,
                new InetSocketAddress("192.0.2.1", 50123), new InetSocketAddress("127.0.0.1", 587), w -> { }, Map::of)
                .start(channel, "alice=x,y@example.com", TOKEN, result);
    }

    private void upstreamSays(String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
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

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void logsInWithXoauth2WhenTheUpstreamOffersIt() {
        start("xoauth2");
        upstreamSays("220 ready\r\n");
        upstreamSays("250-fake.example\r\n250-AUTH PLAIN XOAUTH2\r\n250 8BITMIME\r\n");
        assertThat(sent()).containsExactly("EHLO postern.test\r\n",
                "AUTH XOAUTH2 " + b64("user=alice=x,y@example.com\001auth=Bearer " + TOKEN + "\001\001") + "\r\n");
        upstreamSays("235 2.7.0 Authentication successful\r\n");
        assertThat(result.getNow()).isInstanceOf(UpstreamLoginResult.Accepted.class);
    }

    @Test
    void answersOauthbearersErrorChallengeWithTheDummyResponseAndReportsTheRefusal() {
        start("oauthbearer");
        upstreamSays("220 ready\r\n");
        upstreamSays("250-fake.example\r\n250 AUTH=OAUTHBEARER\r\n");
        assertThat(sent()).containsExactly("EHLO postern.test\r\n",
                "AUTH OAUTHBEARER " + b64("n,a=alice=3Dx=2Cy@example.com,\001auth=Bearer " + TOKEN + "\001\001") + "\r\n");
        upstreamSays("334 eyJzdGF0dXMiOiI0MDEifQ==\r\n");
        assertThat(sent()).containsExactly("AQ==\r\n");
        upstreamSays("535 5.7.8 Authentication failed\r\n");
        assertThat(result.getNow()).isInstanceOf(UpstreamLoginResult.Refused.class);
    }

    @Test
    void neverFallsBackWhenTheUpstreamDoesNotOfferTheMechanism() {
        start("xoauth2");
        upstreamSays("220 ready\r\n");
        upstreamSays("250-fake.example\r\n250 AUTH PLAIN LOGIN\r\n");
        assertThat(sent()).containsExactly("EHLO postern.test\r\n");
        assertThat(result.getNow()).isInstanceOf(UpstreamLoginResult.Failed.class);
        assertThat(((UpstreamLoginResult.Failed) result.getNow()).reason())
                .isEqualTo("proxy_smtp_auth_method is xoauth2, but the upstream does not offer AUTH XOAUTH2 "
                        + "(its EHLO offers AUTH LOGIN PLAIN)");
    }
}
