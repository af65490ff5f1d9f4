package io.postern.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.module.LoadedModule;
import io.postern.spi.AuthDecision;
import io.postern.spi.filter.FilterFactory;
import io.postern.spi.filter.ResponseVerdict;
import io.postern.spi.imap.ImapCommand;
import io.postern.spi.imap.ImapFilter;
import io.postern.spi.imap.ImapResponse;
import io.postern.testing.FilterModule;
import io.postern.testing.PosternFixture;
import io.postern.testing.ScriptClient;
import io.postern.testing.StaticAuthModule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the POST-LOGIN phase decides before any message is framed: who gets a filter, the
 * raw relay when nobody wants the session, and a goodbye when a factory fails.
 */
class PostLoginPhaseTest {

    @TempDir
    Path dir;

    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private GreenMailUpstream upstream;
    private PosternFixture postern;

    private void start(FilterFactory<ImapFilter> factory) throws Exception {
        start(factory, "");
    }

    private void start(FilterFactory<ImapFilter> factory, String directives) throws Exception {
        upstream = new GreenMailUpstream();
        AuthDecision accepted = new AuthDecision.Accepted(Optional.empty(), Optional.empty(),
                Optional.of(upstream.address()), Map.of("group", "staff"));
        LoadedModule filters = FilterModule.of(context -> context.addImapFilter("probe", factory));
        postern = PosternFixture.start(dir, "mail { " + directives + "\n"
                        + " servers { imap { protocol = imap, listen = \"127.0.0.1:0\" } } }",
                StaticAuthModule.of(StaticAuthModule.users(Map.of(GreenMailUpstream.USER, GreenMailUpstream.PASSWORD),
                        accepted)), filters);
    }

    @AfterEach
    void stop() {
        if (postern != null) {
            postern.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    private static String login() {
        return """
                S: \\* OK IMAP4 ready
                C: a1 LOGIN %s %s
                S: a1 OK .*
                """.formatted(GreenMailUpstream.USER, GreenMailUpstream.PASSWORD);
    }

    @Test
    void aFactoryIsAskedOnceLoggedInWithTheLoginsAttributesAndItsFilterIsClosedAtTheEnd() throws Exception {
        start(session -> {
            events.add("open " + session.login().orElse("?") + " " + session.authAttributes());
            return Optional.of(new ImapFilter() {
                @Override
                public void onClose() {
                    events.add("close");
                }
            });
        });
        try (ScriptClient c = new ScriptClient(postern.address())) {
            c.run(login() + """
                    C: a2 NOOP
                    S: a2 OK .*
                    C: a3 LOGOUT
                    S: \\* BYE.*
                    S: a3 OK .*
                    """);
        }
        assertThat(take(2)).containsExactly("open " + GreenMailUpstream.USER + " {group=staff}", "close");
    }

    @Test
    void aSessionNoFactoryWantsKeepsTheRawRelay() throws Exception {
        start(session -> {
            events.add("asked");
            return Optional.empty();
        });
        try (ScriptClient c = new ScriptClient(postern.address())) {
            // The framed relay would answer COMPRESS itself; raw, the upstream does.
            c.run(login() + """
                    C: a2 COMPRESS DEFLATE
                    S: a2 (?!NO COMPRESS is not available through this proxy).*
                    C: a3 LOGOUT
                    S: \\* BYE.*
                    S: a3 OK .*
                    """);
        }
        assertThat(take(1)).containsExactly("asked");
    }

    @Test
    void aFactoryThatThrowsEndsTheSessionWithTheProtocolsGoodbyeInsteadOfTheLoginReply() throws Exception {
        start(session -> {
            throw new IllegalStateException("broken rules");
        });
        try (ScriptClient c = new ScriptClient(postern.address())) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C: a1 LOGIN %s %s
                    S: \\* BYE Internal error
                    S: <closed>
                    """.formatted(GreenMailUpstream.USER, GreenMailUpstream.PASSWORD));
        }
    }

    @Test
    void theLoginReplyIsTheFiltersFirstResponseWithNoCommandAndTheirReplacementReachesTheClient() throws Exception {
        start(session -> Optional.of(new ImapFilter() {
            @Override
            public ResponseVerdict<ImapResponse> onResponse(ImapCommand command, ImapResponse response) {
                events.add((command == null ? "none" : command.verb()) + " -> " + response.getClass().getSimpleName());
                return response instanceof ImapResponse.Tagged tagged && tagged.tag().equals("a1")
                        ? ResponseVerdict.replace(new ImapResponse.Tagged("a1", "OK",
                                Optional.of("CAPABILITY IMAP4rev1 XFILTERED"), "welcome"))
                        : ResponseVerdict.pass();
            }
        }));
        try (ScriptClient c = new ScriptClient(postern.address())) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C: a1 LOGIN %s %s
                    S: a1 OK \\[CAPABILITY IMAP4rev1 XFILTERED\\] welcome
                    C: a2 NOOP
                    S: a2 OK .*
                    """.formatted(GreenMailUpstream.USER, GreenMailUpstream.PASSWORD));
        }
        assertThat(take(2)).containsExactly("none -> Tagged", "NOOP -> Tagged");
    }

    @Test
    void compressIsNotAdvertisedBeforeLoginWhereTheFramedRelayWouldRefuseIt() throws Exception {
        start(session -> Optional.of(new ImapFilter() {
        }), "imap_capabilities = [IMAP4rev1, \"COMPRESS=DEFLATE\", ID]");
        try (ScriptClient c = new ScriptClient(postern.address())) {
            c.run("""
                    S: \\* OK IMAP4 ready
                    C: a0 CAPABILITY
                    S: \\* CAPABILITY IMAP4rev1 ID( .*)?
                    S: a0 OK .*
                    """);
        }
    }

    private List<String> take(int n) throws InterruptedException {
        List<String> taken = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String event = events.poll(10, TimeUnit.SECONDS);
            if (event == null) {
                break;
            }
            taken.add(event);
        }
        return taken;
    }
}
