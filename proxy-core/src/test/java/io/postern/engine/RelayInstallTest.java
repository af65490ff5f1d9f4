package io.postern.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.postern.imap.ImapProtocol;
import io.postern.spi.AuthDecision;
import io.postern.spi.UpstreamAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a session keeps of its login once the relay is installed: an idle session should hold little. */
class RelayInstallTest {

    @Test
    void theSessionForgetsItsPreLoginTimerAndTheUpstreamCredentials() {
        EmbeddedChannel client = TestSessions.channel(50143);
        EmbeddedChannel upstream = TestSessions.channel(1143);
        Session session = TestSessions.loggedIn(client, "servers { imap { protocol = imap, listen = \"127.0.0.1:0\" } }");
        LoginTimer timer = new LoginTimer(session, new ImapProtocol());
        client.pipeline().addLast(Relay.CLIENT_LIFECYCLE, new ChannelInboundHandlerAdapter());
        client.pipeline().addLast(timer);
        session.loginTimer(timer);
        session.accepted(new AuthDecision.Accepted(Optional.of("bob@inner"), Optional.of("secret"),
                Optional.of(new UpstreamAddress("127.0.0.1", 1143)), Map.of("Auth-Group", "staff")));
        assertThat(session.hasLoginTimer()).isTrue();

        Relay.install(session, upstream, new ChannelHandler[] {new ChannelInboundHandlerAdapter()},
                new ChannelHandler[] {new ChannelInboundHandlerAdapter()},
                Unpooled.copiedBuffer("a1 OK done\r\n", StandardCharsets.US_ASCII));

        assertThat(session.hasLoginTimer()).isFalse();
        assertThat(client.pipeline().get(LoginTimer.class)).isNull();
        AuthDecision.Accepted kept = session.acceptedDecision().orElseThrow();
        assertThat(kept.upstreamPassword()).isEmpty();
        assertThat(kept.upstreamLogin()).isEmpty();
        assertThat(session.authAttributes()).isEqualTo(Map.of("Auth-Group", "staff")); // filters and the access log read them
        Object passed;
        while ((passed = upstream.readInbound()) != null) {
            ReferenceCountUtil.release(passed);
        }
        client.finishAndReleaseAll();
        upstream.finishAndReleaseAll();
    }
}
