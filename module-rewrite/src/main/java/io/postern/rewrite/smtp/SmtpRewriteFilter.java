package io.postern.rewrite.smtp;

import io.postern.rewrite.rule.CapabilityEdit;
import io.postern.rewrite.rule.LineRegexRule;
import io.postern.spi.filter.CommandVerdict;
import io.postern.spi.filter.ResponseVerdict;
import io.postern.spi.smtp.SmtpCommand;
import io.postern.spi.smtp.SmtpFilter;
import io.postern.spi.smtp.SmtpReply;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * module-rewrite's filter of one SMTP session. A command is checked against the deny rules
 * and the recipient limit (on what the client wrote), then its {@code MAIL FROM} or
 * {@code RCPT TO} path is rewritten and the command regex rules applied. Each reply comes with
 * the command it answers, as this filter saw it (SPI 1.4); {@code DATA} is answered twice (the
 * {@code 354}, then the reply to the message). The reply to {@code EHLO} has its keywords
 * edited.
 */
public final class SmtpRewriteFilter implements SmtpFilter {

    /** What this filter remembers of a command it let through, until its final reply. */
    private record Waiting(int transaction, boolean endsMessage) {
    }

    private final SmtpRules rules;
    private final Optional<RecipientLimit> limit;
    /** By the command object itself, which the core hands back with each of its replies. */
    private final Map<SmtpCommand, Waiting> waiting = new IdentityHashMap<>();
    private final Transaction transaction = new Transaction();

    public SmtpRewriteFilter(SmtpRules rules) {
        this.rules = rules;
        this.limit = rules.recipients().stream().min(java.util.Comparator.comparingInt(RecipientLimit::max));
    }

    @Override
    public CommandVerdict<SmtpCommand, SmtpReply> onCommand(SmtpCommand command) {
        Optional<SmtpDenyRule> deny = rules.deny().stream().filter(d -> d.refuses(command)).findFirst();
        if (deny.isPresent()) {
            return CommandVerdict.answer(deny.get().answer());
        }
        String verb = command.verb();
        if (verb.equals("MAIL") || verb.equals("RSET") || verb.equals("EHLO") || verb.equals("HELO")) {
            transaction.restart();
        }
        if (verb.equals("RCPT") && limit.isPresent() && transaction.recipients() >= limit.get().max()) {
            return CommandVerdict.answer(limit.get().answer());
        }
        SmtpCommand current = rewriteRegex(rewritePath(command));
        int of = verb.equals("RCPT") ? transaction.addRecipient() : transaction.current();
        waiting.put(command, new Waiting(of, verb.equals("BDAT") && last(command.argument())));
        return current == command ? CommandVerdict.pass() : CommandVerdict.replace(current);
    }

    @Override
    public ResponseVerdict<SmtpReply> onResponse(SmtpCommand answered, SmtpReply reply) {
        String verb = answered == null ? "" : answered.verb();
        if (verb.equals("DATA") && reply.code() == 354) {
            Waiting data = waiting.get(answered);
            if (data != null) {
                waiting.put(answered, new Waiting(data.transaction(), true)); // the message's reply ends it
            }
        } else if (answered != null) {
            Waiting command = waiting.remove(answered);
            if (command != null && command.endsMessage()) {
                transaction.ended(command.transaction());
            } else if (command != null && verb.equals("RCPT") && reply.code() >= 400) {
                transaction.refused(command.transaction());
            }
        }
        SmtpReply current = reply;
        if (verb.equals("EHLO") && reply.code() == 250 && !rules.capabilities().isEmpty()) {
            current = editKeywords(current);
        }
        for (LineRegexRule rule : rules.regex()) {
            if (rule.appliesTo(verb, true)) {
                List<String> lines = current.lines().stream().map(l -> rule.rewrite().apply(l)).toList();
                if (!lines.equals(current.lines())) {
                    current = new SmtpReply(current.code(), lines);
                }
            }
        }
        return current == reply ? ResponseVerdict.pass() : ResponseVerdict.replace(current);
    }

    private SmtpCommand rewritePath(SmtpCommand command) {
        Optional<String> path = command.path();
        if (path.isEmpty()) {
            return command;
        }
        String current = path.get();
        for (AddressRule rule : rules.addresses()) {
            if (rule.commands().contains(command.verb())) {
                current = rule.apply(current);
            }
        }
        return current.equals(path.get()) ? command : command.withPath(current);
    }

    private SmtpCommand rewriteRegex(SmtpCommand command) {
        SmtpCommand current = command;
        for (LineRegexRule rule : rules.regex()) {
            if (rule.appliesTo(command.verb(), false)) {
                String argument = rule.rewrite().apply(current.argument());
                if (!argument.equals(current.argument())) {
                    current = new SmtpCommand(current.verb(), argument);
                }
            }
        }
        return current;
    }

    private SmtpReply editKeywords(SmtpReply reply) {
        List<String> keywords = reply.lines().subList(1, reply.lines().size());
        List<String> edited = CapabilityEdit.applyAll(rules.capabilities(), keywords);
        if (edited.equals(keywords)) {
            return reply;
        }
        List<String> lines = new ArrayList<>();
        lines.add(reply.lines().get(0));
        lines.addAll(edited);
        return new SmtpReply(reply.code(), lines);
    }

    /** Whether a {@code BDAT} argument ends the message ({@code 1000 LAST}). */
    private static boolean last(String argument) {
        String[] words = argument.trim().split("\\s+");
        return words.length > 1 && words[1].toUpperCase(Locale.ROOT).equals("LAST");
    }
}
