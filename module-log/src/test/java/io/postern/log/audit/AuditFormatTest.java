package io.postern.log.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.log.MiniJson;
import io.postern.spi.Protocol;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class AuditFormatTest {

    private static final Instant TIME = Instant.parse("2026-03-04T05:06:07.089Z");
    private static final String SHOWN_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", Locale.ROOT)
            .withZone(ZoneId.systemDefault()).format(TIME);
    private static final AuditedSession IMAP = new AuditedSession("0000002a", "imap", Protocol.IMAP,
            new InetSocketAddress("192.0.2.7", 50312), "bob@example.com");

    private static AuditEvent event(AuditedSession session, Optional<String> mailbox, AuditLine line) {
        return new AuditEvent(TIME, session, mailbox, line);
    }

    @Test
    void writesACommandInTheAccessLogsStyle() {
        AuditEvent command = event(IMAP, Optional.of("INBOX"),
                new AuditLine.Command("a3", "UID FETCH", "1:* (FLAGS BODY.PEEK[HEADER])"));
        assertThat(AuditFormat.MAIN.format(command)).isEqualTo("192.0.2.7 - \"bob@example.com\" [" + SHOWN_TIME
                + "] \"imap imap 0000002a\" \"INBOX\" C a3 UID FETCH 1:* (FLAGS BODY.PEEK[HEADER])");
    }

    @Test
    void writesAResultWithItsStatusTimeBytesAndVerb() {
        AuditedSession smtp = new AuditedSession("0000002b", "submission", Protocol.SMTP,
                new InetSocketAddress("2001:db8::7", 50312), "bob");
        AuditEvent result = event(smtp, Optional.empty(), new AuditLine.Result("", "DATA", "250",
                "2.0.0 Ok: queued", Duration.ofMillis(1234), OptionalLong.of(52_000)));
        assertThat(AuditFormat.MAIN.format(result)).isEqualTo("2001:db8:0:0:0:0:0:7 - \"bob\" [" + SHOWN_TIME
                + "] \"smtp submission 0000002b\" \"-\" S - 250 1.234 52000 \"DATA\" 2.0.0 Ok: queued");
    }

    @Test
    void escapesWhatCouldForgeALineOrAField() {
        AuditedSession evil = new AuditedSession("0000002c", "imap", Protocol.IMAP,
                new InetSocketAddress("192.0.2.7", 1), "x\" injected \"y");
        AuditEvent command = event(evil, Optional.of("Caf\u00e9\"\n"),
                new AuditLine.Command("a1\u00ff", "SEARCH", "SUBJECT \"a\r\nfake line\" \u2603"));
        String line = AuditFormat.MAIN.format(command);
        assertThat(line).doesNotContain("\n").doesNotContain("\r")
                .contains("- \"x\\x22 injected \\x22y\" [")
                .contains("\"Caf\\xC3\\xA9\\x22\\x0A\" C a1\\xC3\\xBF SEARCH SUBJECT \"a\\x0D\\x0Afake line\" \\xE2\\x98\\x83");
    }

    @Test
    void writesJsonLinesWithTheSameFacts() {
        AuditEvent command = event(IMAP, Optional.of("INBOX"), new AuditLine.Command("a3", "SELECT", "\"INBOX\""));
        Map<String, Object> json = MiniJson.object(AuditFormat.JSON.format(command));
        assertThat(json).containsEntry("time", SHOWN_TIME).containsEntry("session_id", "0000002a")
                .containsEntry("protocol", "imap").containsEntry("server_name", "imap")
                .containsEntry("remote_addr", "192.0.2.7").containsEntry("remote_port", 50312.0)
                .containsEntry("login", "bob@example.com").containsEntry("mailbox", "INBOX")
                .containsEntry("type", "command").containsEntry("tag", "a3").containsEntry("verb", "SELECT")
                .containsEntry("arguments", "\"INBOX\"");
        AuditEvent result = event(new AuditedSession("0000002b", "pop3", Protocol.POP3,
                new InetSocketAddress("192.0.2.7", 1), "bob"), Optional.empty(),
                new AuditLine.Result("", "RETR", "+OK", "120 octets", Duration.ofMillis(7), OptionalLong.empty()));
        assertThat(MiniJson.object(AuditFormat.JSON.format(result))).containsEntry("type", "result")
                .containsEntry("tag", null).containsEntry("mailbox", null).containsEntry("verb", "RETR")
                .containsEntry("status", "+OK").containsEntry("text", "120 octets").containsEntry("elapsed", 0.007)
                .containsEntry("bytes", null);
    }
}
