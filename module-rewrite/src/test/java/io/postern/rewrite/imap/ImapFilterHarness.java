package io.postern.rewrite.imap;

import io.postern.rewrite.testkit.ImapText;
import io.postern.rewrite.testkit.Verdicts;
import io.postern.spi.imap.ImapFilter;

/** One filter, fed lines: the verdict on each as text ({@code PASS}, {@code DROP}, a replacement, an answer). */
final class ImapFilterHarness {

    private final ImapFilter filter;

    ImapFilterHarness(ImapFilter filter) {
        this.filter = filter;
    }

    /** The verdict on the client's command {@code line}. */
    String client(String line) {
        return Verdicts.of(filter.onCommand(ImapText.command(line)));
    }

    /** The verdict on the server's response {@code line}. */
    String server(String line) {
        return Verdicts.of(filter.onResponse(ImapText.response(line)));
    }

    ImapFilter filter() {
        return filter;
    }
}
