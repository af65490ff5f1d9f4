package io.postern.smtp.relay;

import io.netty.buffer.ByteBuf;
import io.postern.relay.FilterChain;
import io.postern.relay.FilterFailure;
import io.postern.relay.FramedConnection;
import io.postern.relay.FramedSide;
import io.postern.relay.FramingError;
import io.postern.relay.MessageFrame;
import io.postern.relay.RefusedLine;
import io.postern.relay.ReplyQueue;
import io.postern.relay.SeenCommand;
import io.postern.relay.StreamChunk;
import io.postern.relay.StreamEnd;
import io.postern.spi.CloseReason;
import io.postern.spi.WireText;
import io.postern.spi.filter.CommandVerdict;
import io.postern.spi.filter.Direction;
import io.postern.spi.smtp.SmtpCommand;
import io.postern.spi.smtp.SmtpReply;
import java.util.Optional;

/**
 * A logged-in SMTP client's commands and message data. Commands meet the relay's own refusals
 * first (STARTTLS, AUTH, XCLIENT…), then the filters, then go upstream, each leaving its turn in
 * the reply queue; answers the relay gives itself take theirs in the same queue (RFC 2920).
 *
 * <p>After DATA the client is not read until the server's first reply: a 354 opens the message
 * (see {@link #dataAccepted}), anything else means none follows. Message data and BDAT chunks
 * are relayed as they come and shown to the filters on the way.
 *
 * <p><b>Bare CR or LF in message data is refused, never passed or normalised.</b> A CR or LF
 * that is not part of a CRLF is what SMTP smuggling is made of (CVE-2023-51764/51765/51766):
 * servers disagree on whether {@code LF.LF} or {@code LF.CRLF} ends the data. Passing it would
 * let the upstream see an end the relay and its filters did not; normalising it to CRLF would
 * make that end real unless every line after it were re-stuffed, and changes a signed message.
 * Refusing matches RFC 5321 2.3.8, and the code is that of Postfix's
 * {@code smtpd_forbid_bare_newline = reject} ({@code 550 5.5.2}). Part of the message already
 * went upstream and no SMTP command can take back a DATA, so the relay drops the upstream
 * connection (the upstream discards a message without its end), waits for the client's end of
 * data, answers {@code 550 5.5.2} and closes, as Sendmail's fix disconnects. Modern clients
 * always send CRLF. The core frames every SMTP session for this by default
 * ({@code smtp_forbid_bare_newline}), filters or none.
 */
final class SmtpClientSide extends FramedSide {

    /** What happens to the payload (message data, BDAT chunk) the decoder cuts next. */
    private enum PayloadRoute { RELAY_DATA, RELAY_CHUNK, DISCARD_CHUNK, REFUSED }

    static final String BARE_LINE_BREAK_REPLY = "550 5.5.2 Message refused: bare CR or LF in message data";

    private final FilterChain<SmtpCommand, SmtpReply> chain;
    private final ReplyQueue<SmtpAwaited> replies;
    private PayloadRoute payload = PayloadRoute.DISCARD_CHUNK;
    private SeenCommand<SmtpCommand> dataCommand;
    private boolean upstreamChunking;
    /** The session ends once the replies before it went: nothing more is read. */
    private boolean closing;

    SmtpClientSide(FramedConnection connection, FilterChain<SmtpCommand, SmtpReply> chain,
                   ReplyQueue<SmtpAwaited> replies, SmtpCommandDecoder decoder) {
        super(connection, decoder);
        this.chain = chain;
        this.replies = replies;
    }

    /** The upstream's first reply to DATA went to the client: the message follows when it was 354. */
    void dataAccepted(boolean accepted) {
        if (closing) {
            return;
        }
        if (accepted) {
            ((SmtpCommandDecoder) decoder).startData();
            payload = PayloadRoute.RELAY_DATA;
        }
        decoder.resume();
    }

    /** What the upstream's last EHLO reply said of CHUNKING: BDAT goes upstream only when it offers it. */
    void upstreamChunking(boolean offered) {
        upstreamChunking = offered;
    }

    @Override
    protected void onFrame(Object frame) {
        if (frame instanceof MessageFrame<?> command) {
            onCommand(command, (SmtpCommand) command.message());
        } else if (frame instanceof StreamChunk chunk) {
            onChunk(chunk.content());
        } else if (frame instanceof StreamEnd end) {
            onEnd(end.content());
        } else if (frame instanceof BareLineBreak) {
            connection.log().info("refused a message: bare CR or LF in its data");
            payload = PayloadRoute.REFUSED;
            connection.abandonUpstream();
        } else if (frame instanceof RefusedLine refused) {
            connection.log().info("refused a client line: {}", refused.reason());
            replies.answer(line("500 5.5.2 Bare CR not allowed"));
        } else if (frame instanceof FramingError error) {
            connection.log().info("client framing lost: {}", error.detail());
            String reply = error.kind() == FramingError.Kind.TOO_LONG ? "500 5.5.2 Line too long"
                    : "501 5.5.4 Syntax: BDAT <size> [LAST]";
            closeInTurn(() -> connection.closeWith(line(reply), CloseReason.PROTOCOL_ERROR, error.detail()));
        }
    }

    private void onCommand(MessageFrame<?> frame, SmtpCommand command) {
        boolean bdat = command.verb().equals("BDAT");
        if (bdat) {
            payload = PayloadRoute.DISCARD_CHUNK; // unless it goes upstream
        }
        Optional<String> refusal = SmtpWire.refusal(command);
        if (refusal.isEmpty() && bdat && !upstreamChunking) {
            // An upstream without CHUNKING would read the chunk as commands the filters never saw.
            refusal = Optional.of("502 5.5.1 BDAT not available");
        }
        if (refusal.isPresent()) {
            connection.log().debug("refused {} after login", WireText.escape(command.verb()));
            replies.answer(line(refusal.get()));
            return;
        }
        whenDecided(frame, chain.onCommand(command), decided -> decided(frame, command, decided));
    }

    private void decided(MessageFrame<?> frame, SmtpCommand command, FilterChain.Decision<SmtpCommand, SmtpReply> decision) {
        boolean bdat = command.verb().equals("BDAT");
        CommandVerdict<SmtpCommand, SmtpReply> verdict = decision.verdict();
        if (verdict instanceof CommandVerdict.Pass) {
            forward(frame.content().retain(), decision.seen(), bdat);
        } else if (verdict instanceof CommandVerdict.Replace<SmtpCommand, SmtpReply> replace) {
            SmtpCommand replacement = replace.command();
            requireSameFraming(command, replacement);
            forward(SmtpWire.encode(connection.client().alloc(), replacement), decision.seen(), bdat);
        } else if (verdict instanceof CommandVerdict.Answer<SmtpCommand, SmtpReply> answer) {
            answerLocally(command, answer);
        } else {
            String message = ((CommandVerdict.Close<SmtpCommand, SmtpReply>) verdict).message();
            String detail = "post-login filter closed the session on " + WireText.escape(command.verb());
            closeInTurn(() -> connection.goodbye(message, CloseReason.PROTOCOL_ERROR, detail));
        }
    }

    private void forward(ByteBuf wire, SeenCommand<SmtpCommand> seen, boolean bdat) {
        SmtpCommand sent = seen.sent();
        replies.await(SmtpAwaited.of(seen));
        connection.toUpstream(wire);
        if (bdat) {
            payload = PayloadRoute.RELAY_CHUNK;
        } else if (sent.verb().equals("DATA")) {
            // RFC 2920 3.1: the client waits for 354 before the message; until then, what it
            // sends is read neither as a message nor as commands.
            dataCommand = seen;
            decoder.pause();
        }
    }

    private void answerLocally(SmtpCommand command, CommandVerdict.Answer<SmtpCommand, SmtpReply> answer) {
        if (answer.responses().size() != 1) {
            throw new FilterFailure("a filter answered " + command.verb() + " with "
                    + answer.responses().size() + " replies (expected: 1)");
        }
        SmtpReply reply = answer.responses().get(0);
        if (reply.code() == 354) {
            throw new FilterFailure("a filter answered " + command.verb() + " with 354: only the upstream "
                    + "can take a message");
        }
        replies.answer(SmtpWire.encode(connection.client().alloc(), reply));
    }

    /** A replacement must leave the client's next bytes framed as before: DATA stays DATA, a BDAT keeps its size. */
    private static void requireSameFraming(SmtpCommand original, SmtpCommand replacement) {
        boolean data = original.verb().equals("DATA");
        boolean bdat = original.verb().equals("BDAT");
        if (data != replacement.verb().equals("DATA") || bdat != replacement.verb().equals("BDAT")
                || bdat && SmtpWire.bdatSize(SmtpWire.text(replacement)).orElse(-1)
                        != SmtpWire.bdatSize(SmtpWire.text(original)).orElse(-2)) {
            throw new FilterFailure("a filter replaced " + original.verb() + " by " + replacement.verb()
                    + ", which frames what follows differently");
        }
    }

    private void onChunk(ByteBuf chunk) {
        if (payload != PayloadRoute.RELAY_DATA && payload != PayloadRoute.RELAY_CHUNK) {
            return;
        }
        chain.onStreamedData(Direction.FROM_CLIENT, chunk);
        connection.toUpstream(chunk.retain());
    }

    private void onEnd(ByteBuf terminator) {
        PayloadRoute ended = payload;
        payload = PayloadRoute.DISCARD_CHUNK;
        if (ended == PayloadRoute.RELAY_DATA) {
            replies.await(new SmtpAwaited(dataCommand, SmtpAwaited.Kind.MESSAGE));
            connection.toUpstream(terminator.retain());
        } else if (ended == PayloadRoute.REFUSED) {
            connection.closeWith(line(BARE_LINE_BREAK_REPLY), CloseReason.PROTOCOL_ERROR,
                    "bare CR or LF in message data");
        }
    }

    /**
     * Ends the session once the replies to the commands before this one went out; nothing the
     * client sends after it is read.
     */
    private void closeInTurn(Runnable close) {
        closing = true;
        decoder.pause();
        replies.then(close);
    }
}
