package io.postern.rewrite.pop3;

import io.postern.rewrite.rule.CapabilityEdit;
import io.postern.rewrite.rule.LineRegexRule;
import io.postern.spi.filter.CommandVerdict;
import io.postern.spi.filter.ResponseVerdict;
import io.postern.spi.pop3.Pop3Command;
import io.postern.spi.pop3.Pop3Filter;
import io.postern.spi.pop3.Pop3Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * module-rewrite's filter of one POP3 session: deny rules answer {@code -ERR}, regex rules
 * rewrite command arguments and answers, and the answer to {@code CAPA} has its lines edited.
 * Each answer comes with the command it answers, as this filter saw it (SPI 1.4).
 */
public final class Pop3RewriteFilter implements Pop3Filter {

    private final Pop3Rules rules;

    public Pop3RewriteFilter(Pop3Rules rules) {
        this.rules = rules;
    }

    @Override
    public CommandVerdict<Pop3Command, Pop3Response> onCommand(Pop3Command command) {
        Optional<Pop3DenyRule> deny = rules.deny().stream().filter(d -> d.refuses(command)).findFirst();
        if (deny.isPresent()) {
            return CommandVerdict.answer(Pop3Response.err(deny.get().text()));
        }
        Pop3Command current = command;
        for (LineRegexRule rule : rules.regex()) {
            if (rule.appliesTo(command.verb(), false)) {
                List<String> args = current.args().stream().map(a -> rule.rewrite().apply(a)).toList();
                if (!args.equals(current.args())) {
                    current = new Pop3Command(current.verb(), args);
                }
            }
        }
        return current == command ? CommandVerdict.pass() : CommandVerdict.replace(current);
    }

    @Override
    public ResponseVerdict<Pop3Response> onResponse(Pop3Command answered, Pop3Response response) {
        String verb = answered == null ? "" : answered.verb();
        Pop3Response current = response;
        if (verb.equals("CAPA") && response.ok() && response.body() == Pop3Response.Body.LINES
                && !rules.capabilities().isEmpty()) {
            List<String> lines = CapabilityEdit.applyAll(rules.capabilities(), response.lines());
            if (!lines.equals(response.lines())) {
                current = current.withLines(lines);
            }
        }
        for (LineRegexRule rule : rules.regex()) {
            if (rule.appliesTo(verb, true)) {
                current = rewrite(current, rule);
            }
        }
        return current == response ? ResponseVerdict.pass() : ResponseVerdict.replace(current);
    }

    private static Pop3Response rewrite(Pop3Response response, LineRegexRule rule) {
        String text = rule.rewrite().apply(response.text());
        List<String> lines = new ArrayList<>(response.lines().size());
        boolean changed = text != response.text();
        for (String line : response.lines()) {
            String rewritten = rule.rewrite().apply(line);
            changed |= rewritten != line;
            lines.add(rewritten);
        }
        return changed ? new Pop3Response(response.ok(), text, response.body(), lines) : response;
    }
}
