package io.postern.pop3.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.spi.pop3.Pop3Filter;
import io.postern.testing.ByteSplits;
import io.postern.testing.FramedRelayHarness;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random valid POP3 conversations through an identity filter arrive byte for byte unchanged in
 * both directions, whatever the reads: pipelined commands of every kind, single-line and
 * multi-line answers, bodies with dot-stuffed lines and stray CRs and LFs. One seed per case,
 * so a failure repeats.
 */
class Pop3RelayIdentityPropertyTest {

    static IntStream seeds() {
        return IntStream.range(0, 40);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void anIdentityFilterChangesNothing(int seed) {
        Random random = new Random(seed);
        ByteArrayOutputStream commands = new ByteArrayOutputStream();
        ByteArrayOutputStream answers = new ByteArrayOutputStream();
        int count = 1 + random.nextInt(20);
        for (int i = 0; i < count; i++) {
            exchange(random, commands, answers);
        }
        try (FramedRelayHarness relay = Pop3Relays.relay(new Pop3Filter() { })) {
            byte[] sent = commands.toByteArray();
            byte[] answered = answers.toByteArray();
            relay.fromClient(ByteSplits.random(sent, random, 1 + random.nextInt(500)));
            relay.fromServer(ByteSplits.random(answered, random, 1 + random.nextInt(500)));
            assertThat(relay.toServerBytes()).isEqualTo(sent);
            assertThat(relay.toClientBytes()).isEqualTo(answered);
            assertThat(relay.client.isOpen()).isTrue();
        }
    }

    /** One command and its answer. */
    private static void exchange(Random random, ByteArrayOutputStream commands, ByteArrayOutputStream answers) {
        int n = 1 + random.nextInt(9);
        boolean ok = random.nextInt(5) > 0;
        switch (random.nextInt(11)) {
            case 0 -> single(random, "STAT", ok, "+OK " + n + " " + 100 * n, commands, answers);
            case 1 -> single(random, "LIST " + n, ok, "+OK " + n + " 120", commands, answers);
            case 2 -> single(random, "UIDL " + n, ok, "+OK " + n + " uid" + n, commands, answers);
            case 3 -> single(random, "DELE " + n, ok, "+OK message " + n + " deleted", commands, answers);
            case 4 -> single(random, "NOOP", ok, "+OK", commands, answers);
            case 5 -> single(random, "RSET", ok, "+OK maildrop has " + n + " messages", commands, answers);
            case 6 -> block(random, "LIST", ok, listing(random, n, " " + 120), commands, answers);
            case 7 -> block(random, "UIDL", ok, listing(random, n, " uid"), commands, answers);
            case 8 -> block(random, "CAPA", ok, "TOP\r\nUIDL\r\nPIPELINING\r\nRESP-CODES\r\n", commands, answers);
            case 9 -> block(random, "RETR " + n, ok, body(random), commands, answers);
            default -> block(random, "TOP " + n + " " + random.nextInt(5), ok, body(random), commands, answers);
        }
    }

    private static void single(Random random, String command, boolean ok, String okLine, ByteArrayOutputStream commands,
                               ByteArrayOutputStream answers) {
        write(commands, command + "\r\n");
        write(answers, (ok ? okLine : "-ERR no such message") + "\r\n");
    }

    private static void block(Random random, String command, boolean ok, String lines, ByteArrayOutputStream commands,
                              ByteArrayOutputStream answers) {
        write(commands, command + "\r\n");
        write(answers, ok ? "+OK follows\r\n" + lines + ".\r\n" : "-ERR no such message\r\n");
    }

    private static String listing(Random random, int n, String suffix) {
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            lines.append(i).append(suffix).append(random.nextInt(1000)).append("\r\n");
        }
        return lines.toString();
    }

    /** Message lines, dot-stuffed; some hold a CR or LF alone, which is content for the relay. */
    private static String body(Random random) {
        StringBuilder body = new StringBuilder();
        int lines = random.nextInt(25);
        for (int i = 0; i < lines; i++) {
            StringBuilder line = new StringBuilder();
            int length = random.nextInt(random.nextInt(20) == 0 ? 1000 : 80);
            for (int j = 0; j < length; j++) {
                int pick = random.nextInt(100);
                line.append(pick == 0 ? '\r' : pick == 1 ? '\n' : pick < 10 ? '.' : (char) (' ' + random.nextInt(95)));
            }
            String text = line.toString();
            if (text.contains("\r\n") || text.endsWith("\r")) {
                text = text.replace('\r', '_'); // keep CRLF for line ends only
            }
            body.append(text.startsWith(".") ? "." + text : text).append("\r\n");
        }
        return body.toString();
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
    }
}
