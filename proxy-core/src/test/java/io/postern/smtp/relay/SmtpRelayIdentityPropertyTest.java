package io.postern.smtp.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.spi.smtp.SmtpFilter;
import io.postern.testing.ByteSplits;
import io.postern.testing.FramedRelayHarness;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random valid SMTP conversations through an identity filter arrive byte for byte unchanged in
 * both directions, whatever the reads: EHLO with multi-line replies, pipelined MAIL/RCPT
 * batches, messages with dot-stuffed lines, BDAT chunks of any bytes (CRLF.CRLF included),
 * refused recipients and refused DATA. Each round is the client's batch then the server's
 * replies to it; one seed per case, so a failure repeats.
 */
class SmtpRelayIdentityPropertyTest {

    static IntStream seeds() {
        return IntStream.range(0, 40);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void anIdentityFilterChangesNothing(int seed) {
        Random random = new Random(seed);
        try (FramedRelayHarness relay = SmtpRelays.relay(new SmtpFilter() { })) {
            boolean chunking = random.nextBoolean();
            round(relay, random, "EHLO client" + seed + ".example\r\n", "250-mx.example\r\n250-PIPELINING\r\n"
                    + "250-SIZE 10240000\r\n" + (chunking ? "250-CHUNKING\r\n" : "") + "250 8BITMIME\r\n");
            int transactions = random.nextInt(6);
            for (int i = 0; i < transactions; i++) {
                transaction(relay, random, chunking);
            }
            round(relay, random, "QUIT\r\n", "221 2.0.0 Bye\r\n");
            assertThat(relay.client.isOpen()).isTrue();
        }
    }

    private static void transaction(FramedRelayHarness relay, Random random, boolean chunking) {
        StringBuilder batch = new StringBuilder("MAIL FROM:<sender" + random.nextInt(99) + "@example.com>"
                + (random.nextBoolean() ? " SIZE=" + random.nextInt(100000) : "") + "\r\n");
        StringBuilder replies = new StringBuilder("250 2.1.0 Ok\r\n");
        int recipients = 1 + random.nextInt(4);
        for (int i = 0; i < recipients; i++) {
            batch.append("RCPT TO:<rcpt").append(i).append("@example.org>\r\n");
            replies.append(random.nextInt(4) == 0 ? "550-5.1.1 No such user\r\n550 5.1.1 Really\r\n"
                    : "250 2.1.5 Ok\r\n");
        }
        ByteArrayOutputStream client = new ByteArrayOutputStream();
        write(client, batch.toString());
        int kind = random.nextInt(chunking ? 4 : 3);
        if (kind == 0) {
            write(client, "RSET\r\nNOOP\r\n");
            replies.append("250 2.0.0 Ok\r\n250 2.0.0 Ok\r\n");
        } else if (kind == 1) {
            write(client, "DATA\r\n");
            replies.append("554 5.5.1 Error: no valid recipients\r\n");
        } else if (kind == 2) {
            // Sent before the 354, as a client that pipelines too eagerly would: the relay waits.
            write(client, "DATA\r\n");
            write(client, message(random));
            write(client, ".\r\n");
            replies.append("354 End data with <CR><LF>.<CR><LF>\r\n250 2.0.0 Ok: queued\r\n");
        } else {
            int chunks = 1 + random.nextInt(3);
            for (int i = 0; i < chunks; i++) {
                byte[] chunk = binary(random);
                write(client, "BDAT " + chunk.length + (i == chunks - 1 ? " LAST" : "") + "\r\n");
                client.writeBytes(chunk);
                replies.append("250 2.0.0 ").append(chunk.length).append(" octets\r\n");
            }
        }
        round(relay, random, client.toByteArray(), replies.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void round(FramedRelayHarness relay, Random random, String client, String server) {
        round(relay, random, client.getBytes(StandardCharsets.ISO_8859_1), server.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void round(FramedRelayHarness relay, Random random, byte[] client, byte[] server) {
        relay.fromClient(ByteSplits.random(client, random, 1 + random.nextInt(500)));
        relay.fromServer(ByteSplits.random(server, random, 1 + random.nextInt(500)));
        assertThat(relay.toServerBytes()).isEqualTo(client);
        assertThat(relay.toClientBytes()).isEqualTo(server);
    }

    /** Message lines of printable and 8-bit characters, dot-stuffed, CRLF only. */
    private static String message(Random random) {
        StringBuilder message = new StringBuilder("Subject: random\r\n\r\n");
        int lines = random.nextInt(30);
        for (int i = 0; i < lines; i++) {
            StringBuilder line = new StringBuilder();
            int length = random.nextInt(random.nextInt(10) == 0 ? 990 : 78);
            for (int j = 0; j < length; j++) {
                int pick = random.nextInt(100);
                line.append(pick < 10 ? '.' : pick < 15 ? (char) (0xa0 + random.nextInt(0x60))
                        : (char) (' ' + random.nextInt(95)));
            }
            String text = line.toString();
            message.append(text.startsWith(".") ? "." + text : text).append("\r\n");
        }
        return message.toString();
    }

    /** Any bytes, with a CRLF.CRLF now and then: BDAT has no terminator. */
    private static byte[] binary(Random random) {
        byte[] bytes = new byte[random.nextInt(1500)];
        random.nextBytes(bytes);
        if (bytes.length > 10 && random.nextBoolean()) {
            System.arraycopy(new byte[] {'\r', '\n', '.', '\r', '\n'}, 0, bytes, random.nextInt(bytes.length - 5), 5);
        }
        return bytes;
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
    }
}
