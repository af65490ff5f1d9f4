package io.postern.pop3.relay;

import io.netty.buffer.ByteBuf;
import io.postern.relay.FilterChain;
import io.postern.relay.FilterFailure;
import io.postern.relay.FrameDecoder;
import io.postern.relay.FramedConnection;
import io.postern.relay.FramedSide;
import io.postern.relay.FramingError;
import io.postern.relay.MessageFrame;
import io.postern.relay.RefusedLine;
import io.postern.relay.ReplyQueue;
import io.postern.relay.SeenCommand;
import io.postern.spi.CloseReason;
import io.postern.spi.WireText;
import io.postern.spi.filter.CommandVerdict;
import io.postern.spi.pop3.Pop3Command;
import io.postern.spi.pop3.Pop3Response;
import java.util.Optional;

/**
 * A logged-in POP3 client's commands: the relay's own refusals first (STLS, AUTH, unknown
 * commands), then the filters, then on to the upstream, each forwarded command leaving in the
 * reply queue what its answer will look like. Answers the relay gives itself take their turn
 * in the same queue.
 */
final class Pop3ClientSide extends FramedSide {

    private final FilterChain<Pop3Command, Pop3Response> chain;
    private final ReplyQueue<Pop3Awaited> replies;

    Pop3ClientSide(FramedConnection connection, FilterChain<Pop3Command, Pop3Response> chain,
                   ReplyQueue<Pop3Awaited> replies, FrameDecoder decoder) {
        super(connection, decoder);
        this.chain = chain;
        this.replies = replies;
    }

    @Override
    protected void onFrame(Object frame) {
        if (frame instanceof MessageFrame<?> command) {
            onCommand(command, (Pop3Command) command.message());
        } else if (frame instanceof RefusedLine refused) {
            connection.log().info("refused a client line: {}", refused.reason());
            replies.answer(line("-ERR Bare CR not allowed"));
        } else if (frame instanceof FramingError error) {
            connection.log().info("client framing lost: {}", error.detail());
            closeInTurn(() -> connection.closeWith(line("-ERR Line too long"), CloseReason.PROTOCOL_ERROR,
                    error.detail()));
        }
    }

    private void onCommand(MessageFrame<?> frame, Pop3Command command) {
        Optional<String> refusal = Pop3Wire.refusal(command);
        if (refusal.isPresent()) {
            connection.log().debug("refused {} after login", WireText.escape(command.verb()));
            replies.answer(line(refusal.get()));
            return;
        }
        whenDecided(frame, chain.onCommand(command), decided -> decided(frame, command, decided));
    }

    private void decided(MessageFrame<?> frame, Pop3Command command,
                         FilterChain.Decision<Pop3Command, Pop3Response> decision) {
        CommandVerdict<Pop3Command, Pop3Response> verdict = decision.verdict();
        if (verdict instanceof CommandVerdict.Pass) {
            forward(frame.content().retain(), decision.seen());
        } else if (verdict instanceof CommandVerdict.Replace<Pop3Command, Pop3Response> replace) {
            Pop3Command replacement = replace.command();
            if (multiLine(replacement) != multiLine(command)) {
                // The client waits for the shape of answer its own command gets.
                throw new FilterFailure("a filter replaced " + command.verb() + " by " + replacement.verb()
                        + ", whose answer has another shape");
            }
            forward(Pop3Wire.encode(connection.client().alloc(), replacement), decision.seen());
        } else if (verdict instanceof CommandVerdict.Answer<Pop3Command, Pop3Response> answer) {
            if (answer.responses().size() != 1) {
                throw new FilterFailure("a filter answered " + command.verb() + " with "
                        + answer.responses().size() + " answers (expected: 1)");
            }
            replies.answer(Pop3Wire.encode(connection.client().alloc(), answer.responses().get(0),
                    multiLine(command)));
        } else {
            String message = ((CommandVerdict.Close<Pop3Command, Pop3Response>) verdict).message();
            String detail = "post-login filter closed the session on " + WireText.escape(command.verb());
            closeInTurn(() -> connection.goodbye(message, CloseReason.PROTOCOL_ERROR, detail));
        }
    }

    private void forward(ByteBuf wire, SeenCommand<Pop3Command> seen) {
        replies.await(new Pop3Awaited(seen, Pop3Wire.expected(seen.sent())));
        connection.toUpstream(wire);
    }

    /**
     * Ends the session once the answers to the commands before this one went out; nothing the
     * client sends after it is read.
     */
    private void closeInTurn(Runnable close) {
        decoder.pause();
        replies.then(close);
    }

    private static boolean multiLine(Pop3Command command) {
        return Pop3Wire.expected(command) != Pop3Response.Body.NONE;
    }
}
