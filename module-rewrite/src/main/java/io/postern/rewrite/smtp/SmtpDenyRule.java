package io.postern.rewrite.smtp;

import io.postern.rewrite.rule.Audience;
import io.postern.rewrite.rule.Rule;
import io.postern.spi.smtp.SmtpCommand;
import io.postern.spi.smtp.SmtpReply;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A {@code deny} rule of SMTP: commands answered with a configured reply without reaching the
 * server ({@code VRFY}; a {@code RCPT TO} outside the company).
 *
 * @param commands the verbs refused; empty for any
 * @param arguments a regular expression found in the text after the verb; empty for any
 * @param address a regular expression found in the path of {@code MAIL FROM} or
 *     {@code RCPT TO} (without its angle brackets); empty for any
 * @param code the reply code
 * @param text the reply's text, with its enhanced status code ({@code 5.7.1 Not allowed})
 */
public record SmtpDenyRule(String name, Audience audience, Set<String> commands, Optional<Pattern> arguments,
                           Optional<Pattern> address, int code, String text) implements Rule {

    public SmtpDenyRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(audience, "audience");
        commands = Set.copyOf(commands);
        Objects.requireNonNull(arguments, "arguments");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(text, "text");
    }

    boolean refuses(SmtpCommand command) {
        if (!commands.isEmpty() && !commands.contains(command.verb())) {
            return false;
        }
        if (arguments.isPresent() && !arguments.get().matcher(command.argument()).find()) {
            return false;
        }
        if (address.isPresent()) {
            Optional<String> path = command.path();
            return path.isPresent() && address.get().matcher(path.get()).find();
        }
        return true;
    }

    SmtpReply answer() {
        return SmtpReply.of(code, text);
    }
}
