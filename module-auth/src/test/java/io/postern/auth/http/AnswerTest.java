package io.postern.auth.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.spi.AuthDecision;
import io.postern.spi.Credentials;
import io.postern.spi.Protocol;
import io.postern.spi.SessionAttributes;
import io.postern.spi.UpstreamAddress;
import io.postern.spi.WireText;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing answers and turning them into decisions, as nginx's process_headers does. */
class AnswerTest {

    private static final AuthHttpUrl URL = AuthHttpUrl.parse("127.0.0.1:9000/auth");
    private static final Credentials PLAIN = new Credentials.Plain("bob", "pw");

    private static AnswerParser.Result parse(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return AnswerParser.parse(bytes, bytes.length);
    }

    private static AuthDecision decide(String text, Protocol protocol, Credentials credentials) {
        Answer answer = ((AnswerParser.Done) parse(text)).answer();
        AnswerMapper.Outcome outcome = AnswerMapper.map(answer, protocol, credentials, URL);
        assertThat(outcome).isInstanceOf(AnswerMapper.Decided.class);
        return ((AnswerMapper.Decided) outcome).decision();
    }

    private static AuthDecision decide(String text) {
        return decide(text, Protocol.IMAP, PLAIN);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "HTTP/1.0 200 OK\r\nAuth-Status: OK\r\nAuth-Server: 10.0.0.5\r\nAuth-Port: 143\r\n\r\n",
        "Auth-Status: OK\r\nAuth-Server: 10.0.0.5\r\nAuth-Port: 143\r\n\r\n",
        "HTTP/1.1 500 whatever\nauth-status:OK  \nAUTH-SERVER:   10.0.0.5\nauth-port: 143\n\nbody ignored",
    })
    void okNamesTheUpstreamWithOrWithoutStatusLine(String text) {
        assertThat(decide(text)).isEqualTo(AuthDecision.acceptedTo(new UpstreamAddress("10.0.0.5", 143)));
    }

    @Test
    void okAcceptsAHostNameAndIpv6InBrackets() {
        assertThat(decide("Auth-Status: OK\r\nAuth-Server: imap.internal\r\nAuth-Port: 993\r\n\r\n"))
                .isEqualTo(AuthDecision.acceptedTo(new UpstreamAddress("imap.internal", 993)));
        assertThat(decide("Auth-Status: OK\r\nAuth-Server: [::1]\r\nAuth-Port: 993\r\n\r\n"))
                .isEqualTo(AuthDecision.acceptedTo(new UpstreamAddress("::1", 993)));
    }

    @Test
    void okWithoutPortOrServerFails() {
        assertThat(decide("Auth-Status: OK\r\nAuth-Server: 10.0.0.5\r\n\r\n"))
                .isEqualTo(new AuthDecision.Failed("auth http server " + URL + " did not send server or port"));
        assertThat(decide("Auth-Status: OK\r\nAuth-Port: 143\r\n\r\n")).isInstanceOf(AuthDecision.Failed.class);
    }

    @Test
    void badPortOrServerFails() {
        assertThat(decide("Auth-Status: OK\r\nAuth-Server: 10.0.0.5\r\nAuth-Port: 70000\r\n\r\n"))
                .isEqualTo(new AuthDecision.Failed("auth http server " + URL + " sent invalid server port: \"70000\""));
        assertThat(decide("Auth-Status: OK\r\nAuth-Server: a b\r\nAuth-Port: 1\r\n\r\n"))
                .isInstanceOf(AuthDecision.Failed.class);
    }

    @Test
    void anyOtherStatusRejectsWithTheText() {
        assertThat(decide("HTTP/1.0 200 OK\r\nAuth-Status: Invalid login or password\r\n\r\n"))
                .isEqualTo(new AuthDecision.Rejected("Invalid login or password", Optional.empty(), Optional.empty()));
        assertThat(decide("Auth-Status: ok\r\nAuth-Server: 10.0.0.5\r\nAuth-Port: 143\r\n\r\n"))
                .as("OK is case-sensitive").isInstanceOf(AuthDecision.Rejected.class);
    }

    @Test
    void rejectionCarriesAuthWaitAndErrorCode() {
        assertThat(decide("Auth-Status: Slow down\r\nAuth-Wait: 3\r\nAuth-Error-Code: 451 4.3.0\r\n\r\n", Protocol.SMTP, PLAIN))
                .isEqualTo(new AuthDecision.Rejected("Slow down", Optional.of(Duration.ofSeconds(3)),
                        Optional.of("451 4.3.0")));
        assertThat(decide("Auth-Status: No\r\nAuth-Wait: 0\r\n\r\n"))
                .as("nginx closes after Auth-Wait: 0").isEqualTo(AuthDecision.rejected("No"));
        assertThat(decide("Auth-Status: No\r\nAuth-Wait: soon\r\n\r\n")).isEqualTo(AuthDecision.rejected("No"));
    }

    @Test
    void errorTextWinsOverWaitAndOk() {
        assertThat(decide("Auth-Status: WAIT\r\nAuth-Status: Go away\r\nAuth-Status: OK\r\n\r\n"))
                .isEqualTo(AuthDecision.rejected("Go away"));
    }

    @Test
    void waitAsksAgainAfterAuthWait() {
        Answer answer = ((AnswerParser.Done) parse("Auth-Status: WAIT\r\nAuth-Wait: 2\r\n\r\n")).answer();
        assertThat(AnswerMapper.map(answer, Protocol.IMAP, PLAIN, URL))
                .isEqualTo(new AnswerMapper.Wait(Duration.ofSeconds(2)));
    }

    @Test
    void authUserAndAuthPassOverrideTheUpstreamLogin() {
        assertThat(decide("Auth-Status: OK\r\nAuth-Server: 10.0.0.5\r\nAuth-Port: 143\r\nAuth-User: bob@x\r\n"
                + "Auth-Pass: clear text\r\n\r\n")).isEqualTo(new AuthDecision.Accepted(Optional.of("bob@x"),
                Optional.of("clear text"), Optional.of(new UpstreamAddress("10.0.0.5", 143)), Map.of()));
    }

    @Test
    void authAttrHeadersBecomeTheDecisionsAttributes() {
        AuthDecision decision = decide("Auth-Status: OK\r\nAuth-Server: 10.0.0.5\r\nAuth-Port: 143\r\n"
                + "Auth-Attr-Group: staff\r\nauth-attr-group: readonly\r\nAuth-Attr-Quota-Class: gold\r\n"
                + "Auth-Attr-: ignored\r\nX-Other: ignored\r\n\r\n");
        assertThat(((AuthDecision.Accepted) decision).attributes())
                .containsOnly(Map.entry("group", "staff,readonly"), Map.entry("quota_class", "gold"));
    }

    @Test
    void authAttrHeadersSetTheAttributesTheCoreReads() {
        AuthDecision decision = decide("Auth-Status: OK\r\nAuth-Server: 10.0.0.5\r\nAuth-Port: 25\r\n"
                + "Auth-Attr-Upstream-Tls: starttls\r\nAuth-Attr-Proxy-Smtp-Auth-Method: login\r\n\r\n");
        assertThat(((AuthDecision.Accepted) decision).attributes()).containsOnly(
                Map.entry(SessionAttributes.UPSTREAM_TLS, "starttls"),
                Map.entry(SessionAttributes.PROXY_SMTP_AUTH_METHOD, "login"));
    }

    @Test
    void keepsTheBytesOfAnAuthUserThatIsNotUtf8ForTheUpstreamLogin() {
        byte[] head = "Auth-Status: OK\r\nAuth-Server: 10.0.0.5\r\nAuth-Port: 143\r\nAuth-User: b".getBytes(
                StandardCharsets.US_ASCII);
        byte[] text = java.util.Arrays.copyOf(head, head.length + 5);
        System.arraycopy(new byte[] {(byte) 0xFF, '\r', '\n', '\r', '\n'}, 0, text, head.length, 5);

        Answer answer = ((AnswerParser.Done) AnswerParser.parse(text, text.length)).answer();

        assertThat(WireText.encode(answer.last("Auth-User").orElseThrow())).containsExactly('b', 0xFF);
    }

    @Test
    void digestLoginsToImapAndPop3NeedAuthPass() {
        String ok = "Auth-Status: OK\r\nAuth-Server: 10.0.0.5\r\nAuth-Port: 143\r\n\r\n";
        Credentials cram = new Credentials.CramMd5("bob", "<s>", "d");
        assertThat(decide(ok, Protocol.IMAP, cram))
                .isEqualTo(new AuthDecision.Failed("auth http server " + URL + " did not send password"));
        assertThat(decide(ok, Protocol.POP3, new Credentials.External("bob"))).isInstanceOf(AuthDecision.Failed.class);
        assertThat(decide(ok, Protocol.SMTP, cram)).isInstanceOf(AuthDecision.Accepted.class);
    }

    @Test
    void missingAuthStatusFails() {
        assertThat(decide("Auth-Server: 10.0.0.5\r\nAuth-Port: 143\r\n\r\n")).isInstanceOf(AuthDecision.Failed.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Auth_Status: OK\r\n\r\n",
        "-Auth-Status: OK\r\n\r\n",
        "Auth Status: OK\r\n\r\n",
        "Auth-Status: OK\rX\r\n\r\n",
        "HTTP/1.1 200 OK\rX\n\r\n",
    })
    void invalidHeaderLinesAreRefused(String text) {
        assertThat(parse(text)).isInstanceOf(AnswerParser.Invalid.class);
    }

    @Test
    void aNameWithoutColonHasAnEmptyValueAsInNginx() {
        assertThat(parse("X-Flag\r\n\r\n")).isEqualTo(new AnswerParser.Done(
                new Answer("", 0, java.util.List.of(new Answer.Field("X-Flag", "")), 10)));
    }

    @Test
    void everyPrefixOfAnAnswerNeedsMore() {
        String text = "HTTP/1.1 200 OK\r\nAuth-Status: OK\r\nAuth-Server: 10.0.0.5\r\nAuth-Port: 143\r\n\r\n";
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        for (int n = 0; n < bytes.length; n++) {
            assertThat(AnswerParser.parse(bytes, n)).as("prefix of %d bytes", n).isSameAs(AnswerParser.NeedMore.INSTANCE);
        }
        AnswerParser.Done done = (AnswerParser.Done) AnswerParser.parse(bytes, bytes.length);
        assertThat(done.answer().headerLength()).isEqualTo(bytes.length);
        assertThat(done.answer().httpVersion()).isEqualTo("HTTP/1.1");
        assertThat(done.answer().status()).isEqualTo(200);
    }

    @Test
    void onlyHttp11AnswersWithKnownLengthKeepTheConnection() {
        assertThat(answer("HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\n").reusableBodyLength()).isEqualTo(12);
        assertThat(answer("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").reusableBodyLength())
                .isEqualTo(-1);
        assertThat(answer("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n").reusableBodyLength()).isEqualTo(-1);
        assertThat(answer("Content-Length: 0\r\n\r\n").reusableBodyLength()).isEqualTo(-1);
        assertThat(answer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n").reusableBodyLength()).isEqualTo(-1);
        assertThat(answer("HTTP/1.1 200 OK\r\n\r\n").reusableBodyLength()).isEqualTo(-1);
    }

    private static Answer answer(String text) {
        return ((AnswerParser.Done) parse(text)).answer();
    }
}
