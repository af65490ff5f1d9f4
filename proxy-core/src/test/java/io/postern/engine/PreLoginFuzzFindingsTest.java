package io.postern.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.postern.imap.ImapProtocol;
import io.postern.spi.CloseReason;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Regression tests for what {@link PreLoginFuzzTest} found, each named for its bug. */
class PreLoginFuzzFindingsTest {

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private Logger root;

    @BeforeEach
    void capture() {
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logged.start();
        root.addAppender(logged);
    }

    @AfterEach
    void release() {
        root.detachAppender(logged);
    }

    /**
     * Netty's HAProxyMessageDecoder closes the channel on a broken header, and as the channel
     * goes inactive decodes the bytes behind it: a valid header there started the session
     * (greeting, "closed" for the session listeners) and the next line ended in an ERROR with
     * a stack trace ("unexpected error", HAProxyProtocolException).
     */
    @Test
    void aValidProxyHeaderBehindABrokenOneNeverStartsTheSession() {
        PreLoginFuzzHarness harness = new PreLoginFuzzHarness(
                "servers { s { protocol = imap, listen = \"127.0.0.1:0\" } }", new ImapProtocol(), true);
        PreLoginFuzzHarness.Ending ending = harness.run(List.of(
                "{1}\r\nPROXY TCP4 192.0.2.1 192.0.2.2 123 5678\r\na1 NOOP\r\n".getBytes(StandardCharsets.US_ASCII)));

        assertThat(ending.closed()).isTrue();
        assertThat(ending.written()).as("no greeting, nothing at all").isEmpty();
        assertThat(ending.reason()).contains(CloseReason.PROTOCOL_ERROR);
        assertThat(logged.list).noneMatch(e -> e.getLevel() == Level.ERROR || e.getThrowableProxy() != null);
        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
                .anyMatch(m -> m.startsWith("broken PROXY protocol header: "))
                .noneMatch(m -> m.startsWith("closed: "));
    }
}
