package io.postern.imap.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.spi.filter.Direction;
import io.postern.spi.imap.ImapArg;
import org.junit.jupiter.api.Test;

/**
 * The continuation requests of literals through the framed relay, byte for byte on both sides:
 * Postern answers a gathered {@code {n}} itself and absorbs the upstream's {@code +}; the
 * upstream's {@code +} for a streamed literal reaches the client exactly once; a {@code {n+}}
 * the upstream does not take is sent as {@code {n}}; a refusal instead of {@code +} is relayed
 * and no literal byte follows it.
 */
class LiteralHandshakeTest {

    private static final String BODY = "Subject: hi\r\n\r\nhello, world, again\r\n"; // 36 bytes, above the inline limit

    @Test
    void answersAGatheredLiteralItselfAndAbsorbsTheUpstreamsContinuation() {
        RecordingFilter filter = new RecordingFilter();
        try (RelayHarness relay = new RelayHarness(filter)) {
            relay.fromClient("a1 CREATE {5}\r\n");
            assertThat(relay.toClient()).isEqualTo(ClientSide.LITERAL_CONTINUATION + "\r\n");
            assertThat(relay.toUpstream()).isEmpty();

            relay.fromClient("hello\r\n");
            assertThat(filter.commands).singleElement().satisfies(c ->
                    assertThat(c.args()).containsExactly(ImapArg.Literal.of("hello")));
            assertThat(relay.toUpstream()).isEqualTo("a1 CREATE {5}\r\n");

            relay.fromServer("+ go ahead\r\n");
            assertThat(relay.toClient()).isEmpty();
            assertThat(relay.toUpstream()).isEqualTo("hello\r\n");

            relay.fromServer("a1 OK CREATE completed\r\n");
            assertThat(relay.toClient()).isEqualTo("a1 OK CREATE completed\r\n");
            assertThat(filter.responses).hasSize(1);
        }
    }

    @Test
    void sendsTheCommandsPipelinedBehindAGatheredLiteralOnlyAfterIt() {
        try (RelayHarness relay = new RelayHarness(new RecordingFilter())) {
            relay.fromClient("a1 APPEND INBOX {3}\r\nabc {4}\r\ndefg\r\na2 NOOP\r\n");
            assertThat(relay.toClient()).isEqualTo((ClientSide.LITERAL_CONTINUATION + "\r\n").repeat(2));
            assertThat(relay.toUpstream()).isEqualTo("a1 APPEND INBOX {3}\r\n");
            relay.fromServer("+ OK\r\n");
            assertThat(relay.toUpstream()).isEqualTo("abc {4}\r\n");
            relay.fromServer("* 3 EXISTS\r\n+ OK\r\n");
            assertThat(relay.toUpstream()).isEqualTo("defg\r\na2 NOOP\r\n");
            assertThat(relay.toClient()).isEqualTo("* 3 EXISTS\r\n");
        }
    }

    @Test
    void relaysARefusalInsteadOfTheContinuationAndSendsNoLiteral() {
        try (RelayHarness relay = new RelayHarness(new RecordingFilter())) {
            relay.fromClient("a1 APPEND Nope {3}\r\n");
            relay.toClient();
            relay.fromClient("abc\r\na2 NOOP\r\n");
            assertThat(relay.toUpstream()).isEqualTo("a1 APPEND Nope {3}\r\n");
            relay.fromServer("a1 NO [TRYCREATE] no such mailbox\r\n");
            assertThat(relay.toClient()).isEqualTo("a1 NO [TRYCREATE] no such mailbox\r\n");
            assertThat(relay.toUpstream()).isEqualTo("a2 NOOP\r\n");
        }
    }

    @Test
    void relaysTheUpstreamsContinuationForAStreamedLiteralOnceAndStreamsIt() {
        RecordingFilter filter = new RecordingFilter();
        try (RelayHarness relay = new RelayHarness(filter)) {
            relay.fromClient("a2 APPEND INBOX (\\Seen) {36}\r\n");
            assertThat(relay.toUpstream()).isEqualTo("a2 APPEND INBOX (\\Seen) {36}\r\n");
            assertThat(relay.toClient()).isEmpty();
            assertThat(filter.commands).singleElement().satisfies(c -> assertThat(c.streamed()).isTrue());

            relay.fromServer("+ Ready for literal data\r\n");
            assertThat(relay.toClient()).isEqualTo("+ Ready for literal data\r\n");

            relay.fromClient(BODY.substring(0, 10)).fromClient(BODY.substring(10) + "\r\n");
            assertThat(relay.toUpstream()).isEqualTo(BODY + "\r\n");
            assertThat(filter.streamed.get(Direction.FROM_CLIENT).toString()).isEqualTo(BODY);

            relay.fromServer("a2 OK [APPENDUID 1 2] APPEND completed\r\n");
            assertThat(relay.toClient()).isEqualTo("a2 OK [APPENDUID 1 2] APPEND completed\r\n");
        }
    }

    @Test
    void callsOffAStreamedSynchronizingLiteralTheUpstreamRefuses() {
        try (RelayHarness relay = new RelayHarness(new RecordingFilter())) {
            relay.fromClient("a2 APPEND INBOX {36}\r\n");
            relay.toUpstream();
            relay.fromServer("a2 NO [TOOBIG] too big\r\n");
            assertThat(relay.toClient()).isEqualTo("a2 NO [TOOBIG] too big\r\n");
            relay.fromClient("a3 NOOP\r\n");
            assertThat(relay.toUpstream()).isEqualTo("a3 NOOP\r\n");
        }
    }

    @Test
    void sendsANonSynchronizingLiteralAsSynchronizingToAnUpstreamWithoutLiteralPlus() {
        try (RelayHarness relay = new RelayHarness(new RecordingFilter())) {
            relay.fromClient("a4 APPEND INBOX {36+}\r\n" + BODY + "\r\na5 NOOP\r\n");
            assertThat(relay.toUpstream()).isEqualTo("a4 APPEND INBOX {36}\r\n");
            relay.fromServer("+ go\r\n");
            assertThat(relay.toClient()).isEmpty();
            assertThat(relay.toUpstream()).isEqualTo(BODY + "\r\na5 NOOP\r\n");
        }
    }

    @Test
    void dropsANonSynchronizingLiteralAndTheRestOfItsLineWhenTheUpstreamRefusesIt() {
        try (RelayHarness relay = new RelayHarness(new RecordingFilter())) {
            relay.fromClient("a4 APPEND INBOX {36+}\r\n" + BODY + " {2+}\r\nxy\r\na5 NOOP\r\n");
            assertThat(relay.toUpstream()).isEqualTo("a4 APPEND INBOX {36}\r\n");
            relay.fromServer("a4 NO [OVERQUOTA] over quota\r\n");
            assertThat(relay.toClient()).isEqualTo("a4 NO [OVERQUOTA] over quota\r\n");
            assertThat(relay.toUpstream()).isEqualTo("a5 NOOP\r\n");
        }
    }

    @Test
    void convertsTheGatheredNonSynchronizingLiteralsOfACommandToo() {
        try (RelayHarness relay = new RelayHarness(new RecordingFilter())) {
            relay.fromClient("a6 RENAME {3+}\r\nabc {3+}\r\ndef\r\n");
            assertThat(relay.toClient()).isEmpty();
            assertThat(relay.toUpstream()).isEqualTo("a6 RENAME {3}\r\n");
            relay.fromServer("+ \r\n");
            assertThat(relay.toUpstream()).isEqualTo("abc {3}\r\n");
            relay.fromServer("+ \r\n");
            assertThat(relay.toUpstream()).isEqualTo("def\r\n");
            assertThat(relay.toClient()).isEmpty();
        }
    }

    @Test
    void keepsNonSynchronizingLiteralsForAnUpstreamWithLiteralPlus() {
        try (RelayHarness relay = new RelayHarness(16, "* CAPABILITY IMAP4rev1 LITERAL+", new RecordingFilter())) {
            String input = "a7 APPEND INBOX {3+}\r\nabc {36+}\r\n" + BODY + " {2+}\r\nxy\r\n";
            relay.fromClient(input);
            assertThat(relay.toUpstream()).isEqualTo(input);
            assertThat(relay.toClient()).isEmpty();
        }
    }

    @Test
    void keepsOnlyShortNonSynchronizingLiteralsForAnUpstreamWithLiteralMinus() {
        String big = "x".repeat(4097);
        try (RelayHarness relay = new RelayHarness(16, "* OK [CAPABILITY IMAP4rev1 LITERAL-] hi", new RecordingFilter())) {
            relay.fromClient("a8 CREATE {3+}\r\nabc\r\na9 APPEND INBOX {4097+}\r\n" + big + "\r\n");
            assertThat(relay.toUpstream()).isEqualTo("a8 CREATE {3+}\r\nabc\r\na9 APPEND INBOX {4097}\r\n");
            relay.fromServer("+ go\r\n");
            assertThat(relay.toUpstream()).isEqualTo(big + "\r\n");
        }
    }

    @Test
    void learnsLiteralPlusFromACapabilityResponseAfterLogin() {
        try (RelayHarness relay = new RelayHarness(new RecordingFilter())) {
            relay.fromClient("a1 CAPABILITY\r\n");
            relay.fromServer("* CAPABILITY IMAP4rev1 LITERAL+ IDLE\r\na1 OK done\r\n");
            relay.toUpstream();
            relay.fromClient("a2 CREATE {3+}\r\nabc\r\n");
            assertThat(relay.toUpstream()).isEqualTo("a2 CREATE {3+}\r\nabc\r\n");
        }
    }

    @Test
    void relaysTheContinuationOfASynchronizingLiteralAfterAStreamedOne() {
        try (RelayHarness relay = new RelayHarness(new RecordingFilter())) {
            relay.fromClient("b1 APPEND INBOX {36}\r\n");
            relay.fromServer("+ go\r\n");
            relay.fromClient(BODY + " {2}\r\n");
            assertThat(relay.toUpstream()).isEqualTo("b1 APPEND INBOX {36}\r\n" + BODY + " {2}\r\n");
            assertThat(relay.toClient()).isEqualTo("+ go\r\n");
            relay.fromServer("+ again\r\n");
            assertThat(relay.toClient()).isEqualTo("+ again\r\n");
            relay.fromClient("xy\r\n");
            assertThat(relay.toUpstream()).isEqualTo("xy\r\n");
        }
    }

    @Test
    void holdsItsOwnContinuationUntilTheServersStreamedMessageEnds() {
        try (RelayHarness relay = new RelayHarness(new RecordingFilter())) {
            relay.fromClient("f1 FETCH 1 BODY[]\r\n");
            relay.fromServer("* 1 FETCH (BODY[] {36}\r\n" + BODY.substring(0, 5));
            relay.fromClient("f2 CREATE {5}\r\n");
            assertThat(relay.toClient()).isEqualTo("* 1 FETCH (BODY[] {36}\r\n" + BODY.substring(0, 5));
            relay.fromServer(BODY.substring(5) + ")\r\n");
            assertThat(relay.toClient()).isEqualTo(BODY.substring(5) + ")\r\n" + ClientSide.LITERAL_CONTINUATION + "\r\n");
        }
    }

    @Test
    void letsFiltersSeeAStreamedFetchLiteral() {
        RecordingFilter filter = new RecordingFilter();
        try (RelayHarness relay = new RelayHarness(filter)) {
            String fetch = "* 1 FETCH (UID 9 BODY[] {36}\r\n" + BODY + " FLAGS (\\Seen))\r\n";
            relay.fromServer(fetch);
            assertThat(relay.toClient()).isEqualTo(fetch);
            assertThat(filter.streamed.get(Direction.FROM_SERVER).toString()).isEqualTo(BODY);
        }
    }
}
