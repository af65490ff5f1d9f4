package io.postern.pop3;

import static io.postern.pop3.Pop3GreenMail.PASSWORD;
import static io.postern.pop3.Pop3GreenMail.USER;
import static org.assertj.core.api.Assertions.assertThat;

import io.postern.spi.filter.CommandVerdict;
import io.postern.spi.filter.Direction;
import io.postern.spi.pop3.Pop3Command;
import io.postern.spi.pop3.Pop3Filter;
import io.postern.spi.pop3.Pop3Response;
import io.postern.testing.FilterModule;
import io.postern.testing.ScriptClient;
import java.io.BufferedReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.commons.net.pop3.POP3Client;
import org.apache.commons.net.pop3.POP3MessageInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running Postern with a POP3 filter module in front of GreenMail, driven by commons-net's
 * POP3 client and by scripts: the filter refuses DELE with its own {@code -ERR}, and watches
 * every RETR body go by.
 */
class Pop3FilteredEndToEndTest {

    private static final String REFUSAL = "Deleting is not allowed on this mailbox";

    @TempDir
    Path dir;

    private final Pop3Postern postern = new Pop3Postern();
    private final AtomicLong streamed = new AtomicLong();

    @BeforeEach
    void start() throws Exception {
        Pop3Filter readOnly = new Pop3Filter() {
            @Override
            public CommandVerdict<Pop3Command, Pop3Response> onCommand(Pop3Command command) {
                return command.verb().equals("DELE") ? CommandVerdict.answer(Pop3Response.err(REFUSAL))
                        : CommandVerdict.pass();
            }

            @Override
            public void onStreamedData(Direction direction, ByteBuffer chunk) {
                streamed.addAndGet(chunk.remaining());
            }
        };
        postern.start(dir, "pop3_auth = [plain]", postern.auth(true),
                FilterModule.of(context -> context.addPop3Filter("read-only", session -> Optional.of(readOnly))));
    }

    @AfterEach
    void stop() {
        postern.close();
        postern.stopUpstream();
    }

    @Test
    void retrWorksAndDeleGetsTheFiltersErr() throws Exception {
        postern.upstream.deliver("through a filter", "hello\r\n.a line that starts with a dot\r\n..two dots\r\n");
        POP3Client client = new POP3Client();
        client.setDefaultTimeout(10_000);
        client.connect(postern.address().getAddress(), postern.address().getPort());
        try {
            assertThat(client.login(USER, PASSWORD)).isTrue();
            POP3MessageInfo[] messages = client.listMessages();
            assertThat(messages).hasSize(1);
            String message;
            try (Reader reader = client.retrieveMessage(messages[0].number)) {
                message = new BufferedReader(reader).lines().collect(Collectors.joining("\n"));
            }
            assertThat(message).contains("Subject: through a filter", "hello",
                    "\n.a line that starts with a dot", "\n..two dots");
            assertThat(streamed.get()).as("the filter saw the body").isGreaterThan(message.length() / 2);

            assertThat(client.deleteMessage(messages[0].number)).isFalse();
            assertThat(client.getReplyString()).startsWith("-ERR " + REFUSAL);
            assertThat(client.status().number).as("nothing was deleted").isEqualTo(1);
            assertThat(client.logout()).isTrue();
        } finally {
            client.disconnect();
        }
    }

    @Test
    void commandsPipelinedBehindTheLoginAreFramedAndStlsIsRefused() throws Exception {
        postern.upstream.deliver("one", "body");
        try (ScriptClient c = new ScriptClient(postern.address())) {
            c.run("""
                    S: \\+OK POP3 ready
                    C| USER %s
                    C| PASS %s
                    C| STLS
                    C| DELE 1
                    C: STAT
                    S: \\+OK
                    S: \\+OK.*
                    S: -ERR STLS not allowed after login
                    S: -ERR %s
                    S: \\+OK 1 \\d+
                    C: QUIT
                    S: \\+OK.*
                    S: <closed>
                    """.formatted(USER, PASSWORD, REFUSAL));
        }
    }
}
