package io.postern.rewrite.testkit;

import io.postern.spi.filter.CommandVerdict;
import io.postern.spi.filter.Direction;
import io.postern.spi.filter.ResponseVerdict;
import io.postern.spi.pop3.Pop3Command;
import io.postern.spi.pop3.Pop3Filter;
import io.postern.spi.pop3.Pop3Response;
import io.postern.spi.smtp.SmtpCommand;
import io.postern.spi.smtp.SmtpFilter;
import io.postern.spi.smtp.SmtpReply;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A POP3 or SMTP filter as the core runs it alone: each response handed to its two-argument
 * {@code onResponse} with the oldest command it let through (SPI 1.4), as the core pairs them;
 * SMTP's {@code 354} leaves {@code DATA} waiting for the reply to the message. Tests drive it
 * with the one-argument {@code onResponse}.
 */
public final class InOrder {

    private InOrder() {
    }

    public static Pop3Filter pop3(Pop3Filter filter) {
        Deque<Pop3Command> waiting = new ArrayDeque<>();
        return new Pop3Filter() {
            @Override
            public CommandVerdict<Pop3Command, Pop3Response> onCommand(Pop3Command command) {
                CommandVerdict<Pop3Command, Pop3Response> verdict = filter.onCommand(command);
                if (verdict instanceof CommandVerdict.Pass || verdict instanceof CommandVerdict.Replace) {
                    waiting.addLast(command);
                }
                return verdict;
            }

            @Override
            public ResponseVerdict<Pop3Response> onResponse(Pop3Response response) {
                return filter.onResponse(waiting.pollFirst(), response);
            }

            @Override
            public void onStreamedData(Direction direction, ByteBuffer chunk) {
                filter.onStreamedData(direction, chunk);
            }
        };
    }

    public static SmtpFilter smtp(SmtpFilter filter) {
        Deque<SmtpCommand> waiting = new ArrayDeque<>();
        return new SmtpFilter() {
            @Override
            public CommandVerdict<SmtpCommand, SmtpReply> onCommand(SmtpCommand command) {
                CommandVerdict<SmtpCommand, SmtpReply> verdict = filter.onCommand(command);
                if (verdict instanceof CommandVerdict.Pass || verdict instanceof CommandVerdict.Replace) {
                    waiting.addLast(command);
                }
                return verdict;
            }

            @Override
            public ResponseVerdict<SmtpReply> onResponse(SmtpReply reply) {
                SmtpCommand head = waiting.peekFirst();
                if (!(head != null && head.verb().equals("DATA") && reply.code() == 354)) {
                    waiting.pollFirst();
                }
                return filter.onResponse(head, reply);
            }

            @Override
            public void onStreamedData(Direction direction, ByteBuffer chunk) {
                filter.onStreamedData(direction, chunk);
            }
        };
    }
}
