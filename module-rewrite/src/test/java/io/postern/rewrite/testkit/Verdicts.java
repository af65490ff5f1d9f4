package io.postern.rewrite.testkit;

import io.postern.spi.filter.CommandVerdict;
import io.postern.spi.filter.ResponseVerdict;
import io.postern.spi.imap.ImapCommand;
import io.postern.spi.imap.ImapResponse;
import java.util.stream.Collectors;

/** Verdicts as text: {@code PASS}, {@code DROP}, the replacement's line, or the answer's lines. */
public final class Verdicts {

    private Verdicts() {
    }

    public static String of(CommandVerdict<ImapCommand, ImapResponse> verdict) {
        if (verdict instanceof CommandVerdict.Replace<ImapCommand, ImapResponse> replace) {
            return ImapText.line(replace.command());
        }
        if (verdict instanceof CommandVerdict.Answer<ImapCommand, ImapResponse> answer) {
            return "ANSWER " + answer.responses().stream().map(ImapText::line).collect(Collectors.joining("\n"));
        }
        return verdict.toString().toUpperCase(java.util.Locale.ROOT);
    }

    public static String of(ResponseVerdict<ImapResponse> verdict) {
        if (verdict instanceof ResponseVerdict.Replace<ImapResponse> replace) {
            return ImapText.line(replace.response());
        }
        return verdict.toString().toUpperCase(java.util.Locale.ROOT);
    }
}
