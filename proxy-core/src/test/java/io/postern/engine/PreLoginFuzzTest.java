package io.postern.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.postern.imap.ImapProtocol;
import io.postern.pop3.Pop3Protocol;
import io.postern.smtp.SmtpProtocol;
import io.postern.spi.CloseReason;
import io.postern.testing.LeakDetectionExtension;
import io.postern.testing.Mutator;
import io.postern.testing.TestPki;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/**
 * A seeded, time-bounded fuzzer of each pre-login decoder and handler, through the pipeline
 * production builds: IMAP ({@code ImapCommandDecoder}, literals, AUTHENTICATE), POP3 and SMTP
 * ({@code CommandLineDecoder}, USER/PASS/APOP/AUTH, HELO/EHLO/AUTH), the SASL exchanges of all
 * three, STARTTLS/STLS with what follows it going to the TLS handshake, and the PROXY
 * protocol header (v1 and v2) in front of IMAP. Each case mutates a valid
 * conversation and feeds it split at random boundaries. Every session must end in a protocol
 * answer or a clean close, never with an exception past the pipeline, a bare CR or LF in
 * what Postern writes, an internal error, an ERROR log line or a leaked buffer; and after
 * every case a valid login on a fresh session must still reach the AUTH phase and be answered.
 *
 * <p>Replay: {@code -Dpostern.fuzz.seed=N} (printed on failure) reruns a whole run,
 * {@code -Dpostern.fuzz.case=N} (also printed) the failed case alone; {@code -Dpostern.fuzz.cases},
 * {@code -Dpostern.fuzz.seconds} (wall-clock cap per target, 2 by default).
 */
class PreLoginFuzzTest {

    private static final long SEED = Long.getLong("postern.fuzz.seed", 0x13_5EEDL);
    private static final int CASES = Integer.getInteger("postern.fuzz.cases", 1_500);
    private static final long SECONDS = Long.getLong("postern.fuzz.seconds", 2);
    /** One case to replay alone, by the case seed a failure printed. */
    private static final Long CASE = Long.getLong("postern.fuzz.case");

    private static final String MAIL = """
            server_name = fuzz.example
            imap_auth = [plain, login, cram-md5, external]
            pop3_auth = [plain, apop, cram-md5, external]
            smtp_auth = [plain, login, cram-md5, external]
            imap_client_buffer = 1k
            pop3_client_buffer = 512
            smtp_client_buffer = 1k
            %s
            servers { s { protocol = %s, listen = "127.0.0.1:0" } }
            """;

    /** The start of a TLS ClientHello record, for what follows STARTTLS. */
    private static final String CLIENT_HELLO = "\u0016\u0003\u0001\u0000\u00c8\u0001\u0000\u0000\u00c4\u0003\u0003";

    enum Target {
        IMAP("imap", ImapProtocol::new, false, "", false),
        POP3("pop3", Pop3Protocol::new, false, "", false),
        SMTP("smtp", SmtpProtocol::new, false, "", false),
        IMAP_STARTTLS("imap", ImapProtocol::new, false, "", true),
        POP3_STLS("pop3", Pop3Protocol::new, false, "", true),
        SMTP_STARTTLS("smtp", SmtpProtocol::new, false, "", true),
        PROXY_V1_IMAP("imap", ImapProtocol::new, true, "PROXY TCP4 192.0.2.1 192.0.2.2 123 5678\r\n", false),
        PROXY_V2_IMAP("imap", ImapProtocol::new, true, proxyV2(), false);

        final String protocol;
        final Supplier<MailProtocol> descriptor;
        final boolean proxyProtocol;
        final String header;
        /** Whether {@code starttls = on}: what follows STARTTLS goes to the TLS handshake. */
        final boolean starttls;

        Target(String protocol, Supplier<MailProtocol> descriptor, boolean proxyProtocol, String header,
               boolean starttls) {
            this.protocol = protocol;
            this.descriptor = descriptor;
            this.proxyProtocol = proxyProtocol;
            this.header = header;
            this.starttls = starttls;
        }
    }

    @TempDir
    Path dir;

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private Logger root;
    private Logger postern;

    /** Every log line is captured; Postern's own (thousands of sessions) stay off the console. */
    @BeforeEach
    void capture() {
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        postern = (Logger) LoggerFactory.getLogger("io.postern");
        logged.start();
        root.addAppender(logged);
        postern.addAppender(logged);
        postern.setAdditive(false);
    }

    @AfterEach
    void release() {
        postern.setAdditive(true);
        postern.detachAppender(logged);
        root.detachAppender(logged);
    }

    @ParameterizedTest
    @EnumSource(Target.class)
    void everyMutatedConversationEndsInAnAnswerOrACleanClose(Target target) throws Exception {
        String tls = "";
        if (target.starttls) {
            TestPki.Issued certificate = TestPki.create(dir.resolve("pki"), "fuzz").server("fuzz.example");
            tls = "starttls = on\nssl_certificate = \"" + certificate.certificateFile() + "\"\nssl_certificate_key = \""
                    + certificate.keyFile() + "\"";
        }
        PreLoginFuzzHarness harness = new PreLoginFuzzHarness(MAIL.formatted(tls, target.protocol),
                target.descriptor.get(), target.proxyProtocol);
        List<byte[]> valid = conversations(target);
        Random seeds = new Random(SEED ^ target.ordinal());
        long stop = System.nanoTime() + SECONDS * 1_000_000_000L;
        int run = 0;
        for (; run < (CASE != null ? 1 : CASES) && System.nanoTime() < stop; run++) {
            long seed = CASE != null ? CASE : seeds.nextLong();
            Random random = new Random(seed);
            Mutator mutator = new Mutator(random);
            byte[] input = mutator.mutate(valid.get(random.nextInt(valid.size())));
            try {
                check(harness, target, mutator.split(input));
                checkTheMailStillFlows(harness, target, valid.get(0));
            } catch (Throwable e) {
                throw new AssertionError("fuzz case failed; replay with -Dpostern.fuzz.seed=" + SEED + " or alone with "
                        + "-Dpostern.fuzz.case=" + seed + " (target " + target + ", case " + run + "), input " + Mutator.printable(input),
                        e);
            }
        }
        System.out.printf("fuzzed %d cases of %s with -Dpostern.fuzz.seed=%d%n", run, target, SEED);
        List<String> leaks = LeakDetectionExtension.collectLeaks();
        assertThat(leaks).as("leaked buffers after %d cases of %s with -Dpostern.fuzz.seed=%d", run, target, SEED)
                .isEmpty();
        assertThat(run).as("cases run").isPositive();
    }

    private void check(PreLoginFuzzHarness harness, Target target, List<byte[]> reads) {
        logged.list.clear();
        PreLoginFuzzHarness.Ending ending = harness.run(reads);
        assertThat(ending.closed()).as("closed, at the latest by login_timeout").isTrue();
        assertThat(ending.reason()).as("why it closed").isPresent();
        assertThat(ending.reason().get()).isNotEqualTo(CloseReason.INTERNAL_ERROR);
        String written = target.starttls ? beforeTls(ending.written()) : ending.written();
        if (!written.isEmpty()) {
            assertThat(written).as("Postern writes whole lines").endsWith("\r\n");
            for (String line : written.substring(0, written.length() - 2).split("\r\n", -1)) {
                assertThat(line).as("a line Postern wrote").doesNotContain("\r", "\n", "\0");
            }
        }
        assertThat(logged.list).as("log lines at ERROR or with a stack trace")
                .noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.ERROR) || e.getThrowableProxy() != null);
    }

    /** What Postern wrote before TLS took over (a TLS record, an alert say, starts a line with 0x15 or 0x16). */
    private static String beforeTls(String written) {
        for (int i = 0; i < written.length(); i++) {
            char c = written.charAt(i);
            if ((c == 0x15 || c == 0x16) && (i == 0 || written.charAt(i - 1) == '\n')) {
                return written.substring(0, i);
            }
        }
        return written;
    }

    /** A fresh session after the fuzzed one: the valid login reaches the AUTH phase and is answered. */
    private static void checkTheMailStillFlows(PreLoginFuzzHarness harness, Target target, byte[] validLogin) {
        int before = harness.validLogins();
        PreLoginFuzzHarness.Ending ending = harness.run(List.of(validLogin));
        assertThat(harness.validLogins()).as("valid logins seen by the AUTH phase").isEqualTo(before + 1);
        assertThat(ending.written()).as("the answer to the valid login")
                .containsPattern("(?m)^(a1 NO|-ERR|535 5\\.7\\.0) Authentication failed$");
    }

    /** Valid conversations of each target; the first one logs in with the valid login. */
    private static List<byte[]> conversations(Target target) {
        String plain = b64("\0" + PreLoginFuzzHarness.USER + "\0" + PreLoginFuzzHarness.PASSWORD);
        String user = b64(PreLoginFuzzHarness.USER);
        String password = b64(PreLoginFuzzHarness.PASSWORD);
        String cram = b64(PreLoginFuzzHarness.USER + " 0123456789abcdef0123456789abcdef");
        List<String> texts = switch (target.protocol) {
            case "imap" -> List.of(
                    "a1 LOGIN fuzz-user fuzz-pass\r\n",
                    "a1 CAPABILITY\r\na2 NOOP\r\na3 LOGIN \"fuzz-user\" \"fuzz-pass\"\r\na4 LOGOUT\r\n",
                    "a1 LOGIN {9}\r\nfuzz-user {9}\r\nfuzz-pass\r\n",
                    "a1 LOGIN {9+}\r\nfuzz-user ~{9+}\r\nfuzz-pass\r\n",
                    "a1 AUTHENTICATE PLAIN\r\n" + plain + "\r\n",
                    "a1 AUTHENTICATE PLAIN " + plain + "\r\n",
                    "a1 AUTHENTICATE LOGIN\r\n" + user + "\r\n" + password + "\r\n",
                    "a1 AUTHENTICATE CRAM-MD5\r\n" + cram + "\r\n",
                    "a1 AUTHENTICATE EXTERNAL =\r\na2 AUTHENTICATE PLAIN\r\n*\r\n",
                    "a1 ID (\"name\" \"fuzz\" \"version\" NIL)\r\na2 ID NIL\r\na3 STARTTLS\r\n",
                    "a1 LOGIN \"fu\\\\zz\\\"user\" {3}\r\np\0s\r\n");
            case "pop3" -> List.of(
                    "USER fuzz-user\r\nPASS fuzz-pass\r\n",
                    "CAPA\r\nNOOP\r\nUSER fuzz-user\r\nPASS fuzz-pass\r\nQUIT\r\n",
                    "AUTH PLAIN " + plain + "\r\n",
                    "AUTH PLAIN\r\n" + plain + "\r\n",
                    "AUTH LOGIN\r\n" + user + "\r\n" + password + "\r\n",
                    "AUTH LOGIN " + user + "\r\n" + password + "\r\n",
                    "AUTH CRAM-MD5\r\n" + cram + "\r\n",
                    "AUTH\r\nAUTH EXTERNAL =\r\nAPOP fuzz-user 0123456789abcdef0123456789abcdef\r\n",
                    "STLS\r\nUSER a\r\nNOOP\r\nCAPA\r\n");
            default -> List.of(
                    "EHLO client.example\r\nAUTH PLAIN " + plain + "\r\n",
                    "HELO client.example\r\nAUTH LOGIN\r\n" + user + "\r\n" + password + "\r\n",
                    "EHLO client.example\r\nAUTH LOGIN " + user + "\r\n" + password + "\r\n",
                    "EHLO client.example\r\nAUTH PLAIN\r\n" + plain + "\r\nQUIT\r\n",
                    "EHLO client.example\r\nAUTH CRAM-MD5\r\n" + cram + "\r\n",
                    "EHLO x\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\n",
                    "EHLO x\r\nRSET\r\nNOOP\r\nVRFY x\r\nSTARTTLS\r\nAUTH EXTERNAL =\r\nQUIT\r\n",
                    "EHLO x\r\nAUTH PLAIN\r\n*\r\nAUTH\r\n");
        };
        if (target.starttls) {
            List<String> withTls = new ArrayList<>(texts);
            withTls.addAll(switch (target.protocol) {
                case "imap" -> List.of("a1 CAPABILITY\r\na2 STARTTLS\r\na3 LOGIN fuzz-user fuzz-pass\r\n",
                        "a1 STARTTLS\r\n" + CLIENT_HELLO);
                case "pop3" -> List.of("CAPA\r\nSTLS\r\nUSER fuzz-user\r\nPASS fuzz-pass\r\n", "STLS\r\n" + CLIENT_HELLO);
                default -> List.of("EHLO x\r\nSTARTTLS\r\nAUTH PLAIN " + plain + "\r\n",
                        "EHLO x\r\nSTARTTLS\r\n" + CLIENT_HELLO);
            });
            texts = withTls;
        }
        return texts.stream().map(text -> {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            bytes.writeBytes(target.header.getBytes(StandardCharsets.ISO_8859_1));
            bytes.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
            return bytes.toByteArray();
        }).toList();
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** A v2 header: PROXY, TCP over IPv4, 192.0.2.1:123 to 192.0.2.2:5678. */
    private static String proxyV2() {
        byte[] header = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A, 0x21, 0x11, 0x00,
                0x0C, (byte) 192, 0, 2, 1, (byte) 192, 0, 2, 2, 0, 123, 0x16, 0x2E};
        return new String(header, StandardCharsets.ISO_8859_1);
    }
}
