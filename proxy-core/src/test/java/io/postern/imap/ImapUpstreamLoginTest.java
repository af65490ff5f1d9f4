package io.postern.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.Promise;
import io.postern.engine.UpstreamLoginResult;
import io.postern.spi.WireText;
import io.postern.spi.imap.ImapHierarchy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The LOGIN replay to an IMAP upstream, on an {@link EmbeddedChannel}. */
class ImapUpstreamLoginTest {

    private final EmbeddedChannel upstream = new EmbeddedChannel();
    private final Promise<UpstreamLoginResult> result = upstream.eventLoop().newPromise();

    @AfterEach
    void release() {
        if (result.isDone()) {
            UpstreamLoginResult.release(result.getNow());
        }
        upstream.finishAndReleaseAll();
    }

    private void upstreamSays(String text) {
        upstream.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
    }

    private byte[] sent() {
        ByteBuf out = upstream.readOutbound();
        try {
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    @Test
    void sendsALoginAndPasswordThatAreNotUtf8AsTheClientsBytesInLiterals() {
        String login = WireText.decode(new byte[] {'b', (byte) 0xFF, '\r', '\n'});
        String password = WireText.decode(new byte[] {'p', (byte) 0xC3});
        new ImapUpstreamLogin("a1", 512, null).start(upstream, login, password, result);

        upstreamSays("* OK ready\r\n");
        assertThat(new String(sent(), StandardCharsets.US_ASCII)).isEqualTo("a1 LOGIN {4}\r\n");
        upstreamSays("+ go on\r\n");
        assertThat(sent()).containsExactly('b', 0xFF, '\r', '\n', ' ', '{', '2', '}', '\r', '\n');
        upstreamSays("+ go on\r\n");
        assertThat(sent()).containsExactly('p', 0xC3, '\r', '\n');
        upstreamSays("a1 NO \u001b[31mwrong\r\n");
        assertThat(result.getNow()).isInstanceOf(UpstreamLoginResult.Refused.class);
    }

    @Test
    void sendsTheWholeLoginAtOnceWithNonSynchronizingLiteralsWhenTheGreetingAnnouncesLiteralPlus() {
        String login = WireText.decode(new byte[] {'b', (byte) 0xFF, '\r', '\n'});
        new ImapUpstreamLogin("a1", 512, null).start(upstream, login, "pw", result);

        upstreamSays("* OK [CAPABILITY IMAP4rev1 SASL-IR LITERAL+ AUTH=PLAIN] Dovecot ready.\r\n");
        assertThat(sent()).containsExactly('a', '1', ' ', 'L', 'O', 'G', 'I', 'N', ' ', '{', '4', '+', '}', '\r', '\n',
                'b', 0xFF, '\r', '\n', ' ', '{', '2', '+', '}', '\r', '\n', 'p', 'w', '\r', '\n');
        upstreamSays("a1 OK [CAPABILITY IMAP4rev1 IDLE] Logged in\r\n");
        assertThat(replyText()).isEqualTo("a1 OK [CAPABILITY IMAP4rev1 IDLE] Logged in\r\n");
    }

    @Test
    void literalMinusCoversLoginsOfUpTo4096BytesOnly() {
        new ImapUpstreamLogin("a1", 512, null).start(upstream, "bob", "x".repeat(4097), result);

        upstreamSays("* OK [CAPABILITY IMAP4rev1 LITERAL-] ready\r\n");
        assertThat(new String(sent(), StandardCharsets.US_ASCII)).isEqualTo("a1 LOGIN {3}\r\n");
    }

    @Test
    void aNonSynchronizingLoginThatIsRefusedIsRelayedAsRefused() {
        new ImapUpstreamLogin("a1", 512, null).start(upstream, "bob", "pw", result);

        upstreamSays("* OK [CAPABILITY IMAP4rev1 LITERAL-] ready\r\n");
        assertThat(new String(sent(), StandardCharsets.US_ASCII)).isEqualTo("a1 LOGIN {3+}\r\nbob {2+}\r\npw\r\n");
        upstreamSays("a1 NO [AUTHENTICATIONFAILED] Authentication failed.\r\n");
        assertThat(result.getNow()).isInstanceOf(UpstreamLoginResult.Refused.class);
    }

    private void loggedIn(ImapUpstreamLogin login) {
        login.start(upstream, "bob", "pw", result);
        upstreamSays("* OK ready\r\n");
        sent();
        upstreamSays("+ go on\r\n");
        sent();
        upstreamSays("+ go on\r\n");
        sent();
        upstreamSays("a1 OK [CAPABILITY IMAP4rev1] Logged in\r\n");
    }

    private String replyText() {
        ByteBuf reply = ((UpstreamLoginResult.Accepted) result.getNow()).reply();
        return reply.toString(StandardCharsets.US_ASCII);
    }

    @Test
    void asksTheHierarchySeparatorAfterTheLoginAndRelaysOnlyTheLoginsAnswer() {
        List<ImapHierarchy> learnt = new ArrayList<>();
        loggedIn(new ImapUpstreamLogin("a1", 512, null, learnt::add));

        assertThat(result.isDone()).as("the login waits for the answer to LIST").isFalse();
        assertThat(new String(sent(), StandardCharsets.US_ASCII)).isEqualTo("postern-hier LIST \"\" \"\"\r\n");
        upstreamSays("* LIST (\\Noselect) \"/\" \"\"\r\npostern-hier OK List completed\r\n");

        assertThat(learnt).containsExactly(ImapHierarchy.of("/"));
        assertThat(replyText()).isEqualTo("a1 OK [CAPABILITY IMAP4rev1] Logged in\r\n");
    }

    @Test
    void learnsAFlatHierarchyFromNil() {
        List<ImapHierarchy> learnt = new ArrayList<>();
        loggedIn(new ImapUpstreamLogin("a1", 512, null, learnt::add));
        sent();
        upstreamSays("* LIST (\\Noselect) NIL \"\"\r\npostern-hier OK done\r\n");

        assertThat(learnt).containsExactly(ImapHierarchy.flat());
        assertThat(result.getNow()).isInstanceOf(UpstreamLoginResult.Accepted.class);
    }

    @Test
    void aRefusedListLeavesTheHierarchyUnknownButTheLoginSucceeds() {
        List<ImapHierarchy> learnt = new ArrayList<>();
        loggedIn(new ImapUpstreamLogin("a1", 512, null, learnt::add));
        sent();
        upstreamSays("postern-hier BAD no\r\n");

        assertThat(learnt).isEmpty();
        assertThat(result.getNow()).isInstanceOf(UpstreamLoginResult.Accepted.class);
    }

    @Test
    void asksNothingMoreWhenNoFilterWillReadIt() {
        loggedIn(new ImapUpstreamLogin("a1", 512, null, null));

        assertThat(result.getNow()).isInstanceOf(UpstreamLoginResult.Accepted.class);
        assertThat((Object) upstream.readOutbound()).isNull();
    }
}
