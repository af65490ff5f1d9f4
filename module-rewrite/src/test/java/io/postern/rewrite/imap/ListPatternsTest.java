package io.postern.rewrite.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.rewrite.rule.Audience;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ListPatternsTest {

    private static final MailboxNames EXPLICIT = new MailboxNames(List.of(new MailboxMap("m", Audience.EVERYONE,
            Map.of("Sent", "INBOX.Sent", "Old.2019", "Archive.2019"), Optional.of("."))), Optional.empty(), Optional.empty());

    private static final MailboxNames NAMESPACE = new MailboxNames(List.of(), Optional.of(new NamespaceRule("n",
            Audience.EVERYONE, "INBOX.", ".", "", "/", List.of())), Optional.empty());

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "Sent,        INBOX.Sent",        // no wildcard: a name
        "Sent.%,      INBOX.Sent.%",      // the literal directory is mapped
        "Sent.2024.*, INBOX.Sent.2024.*",
        "*,           *",                 // nothing literal: everything, filtered afterwards
        "%,           *",
        "Se%,         *",                 // a partial name could be an explicit one
        "Old.%,       *",                 // an explicit name lies below Old
        "Work.%,      Work.%",            // untouched
    })
    void mapsTheLiteralDirectoryOrWidens(String client, String server) {
        assertThat(ListPatterns.toServer(client, EXPLICIT)).isEqualTo(server);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "Sent/%,      INBOX.Sent.%",
        "Sent/2024/*, INBOX.Sent.2024.*",
        "Sent,        INBOX.Sent",
        "INBOX,       INBOX",
        "%,           *",
        "%/%,         *",
    })
    void translatesPrefixAndSeparatorOfANamespace(String client, String server) {
        assertThat(ListPatterns.toServer(client, NAMESPACE)).isEqualTo(server);
    }

    @Test
    void matchesAsListDoes() {
        Predicate<String> top = ListPatterns.matcher("%", "/");
        assertThat(top).accepts("INBOX", "Sent", "Deleted Items").rejects("Sent/2024");
        Predicate<String> all = ListPatterns.matcher("Sent/*", "/");
        assertThat(all).accepts("Sent/2024", "Sent/2024/06").rejects("Sent", "Sentx/1");
        assertThat(ListPatterns.matcher("inbox/%", "/")).accepts("INBOX/a", "inbox/a").rejects("INBOX/a/b");
        assertThat(ListPatterns.matcher("a.b*", "/")).accepts("a.b", "a.bc/d").rejects("aXb");
        assertThat(ListPatterns.matcher("Sent", "/")).accepts("Sent").rejects("sent");
    }
}
