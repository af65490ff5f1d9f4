package io.postern.imap.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.postern.relay.FilterChain;
import io.postern.relay.FramedSide;
import io.postern.relay.StreamChunk;
import io.postern.relay.FramingError;
import io.postern.relay.SeenCommand;
import io.postern.spi.CloseReason;
import io.postern.spi.WireText;
import io.postern.spi.filter.CommandVerdict;
import io.postern.spi.filter.Direction;
import io.postern.spi.imap.ImapCommand;
import io.postern.spi.imap.ImapResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The client's half of the framed relay: every command goes through the core's rules
 * ({@code STARTTLS} and {@code COMPRESS} refused) and the filters, then upstream as it came
 * (its {@code {n+}} headers made synchronizing where the upstream requires it), as a filter
 * replaced it, or not at all when answered. Streamed literals, the rest of their lines and
 * continuation lines are relayed as they are.
 */
final class ClientSide extends FramedSide {

    /** Postern's continuation request for a literal it gathers. */
    static final String LITERAL_CONTINUATION = "+ Ready for literal data";

    private final ImapRelaySession relay;
    /** The tag of the command whose streamed literal, and the rest of its line, are being relayed. */
    private String streamingTag = "";

    ClientSide(ImapRelaySession relay) {
        super(relay.connection, relay.commands);
        this.relay = relay;
    }

    @Override
    protected void onFrame(Object msg) {
        if (msg instanceof FramedCommand command) {
            onCommand(command);
        } else if (msg instanceof StreamChunk chunk) {
            onLiteral(chunk);
        } else if (msg instanceof RawPart part) {
            onRawPart(part);
        } else if (msg == LiteralRequest.INSTANCE) {
            connection.answerClient(line(LITERAL_CONTINUATION));
            connection.answeredLocally();
        } else if (msg instanceof InvalidCommand invalid) {
            onInvalid(invalid);
        } else if (msg instanceof FramingError error) {
            connection.goodbye("Invalid input", CloseReason.PROTOCOL_ERROR, "client sent " + error.detail());
        }
    }

    private void onCommand(FramedCommand framed) {
        ImapCommand command = framed.command();
        String tag = command.tag();
        if (command.verb().equals("STARTTLS")) {
            answer(framed, ImapResponse.Tagged.bad(tag, "STARTTLS is not allowed after login"));
            return;
        }
        if (command.verb().equals("COMPRESS")) {
            answer(framed, ImapResponse.Tagged.no(tag, "COMPRESS is not available through this proxy"));
            return;
        }
        whenDecided(framed, relay.chain.onCommand(command), decided -> decided(framed, decided));
    }

    private void decided(FramedCommand framed, FilterChain.Decision<ImapCommand, ImapResponse> decision) {
        ImapCommand command = framed.command();
        CommandVerdict<ImapCommand, ImapResponse> verdict = decision.verdict();
        if (verdict instanceof CommandVerdict.Pass) {
            forward(framed, decision.seen(), segments(framed));
        } else if (verdict instanceof CommandVerdict.Replace<ImapCommand, ImapResponse> replace) {
            connection.log().debug("a filter replaced the {} command", WireText.escape(command.verb()));
            replaced(framed, decision.seen(), replace.command());
        } else if (verdict instanceof CommandVerdict.Answer<ImapCommand, ImapResponse> answer) {
            connection.log().debug("a filter answered the {} command", WireText.escape(command.verb()));
            answer(framed, answer.responses().toArray(new ImapResponse[0]));
        } else {
            closedByFilter(((CommandVerdict.Close<ImapCommand, ImapResponse>) verdict).message());
        }
    }

    private void replaced(FramedCommand framed, SeenCommand<ImapCommand> seen, ImapCommand replacement) {
        if (!replacement.tag().equals(framed.command().tag())) {
            misbehaved("a replaced " + framed.command().verb() + " command has another tag");
            return;
        }
        List<ByteBuf> segments;
        try {
            segments = relay.encoder.command(connection.upstream().alloc(), replacement, framed.streamed());
        } catch (IllegalArgumentException e) {
            misbehaved("a replaced " + framed.command().verb() + " command cannot be sent: " + e.getMessage());
            return;
        }
        forward(framed, seen, segments);
    }

    /** Answers the command in the client's order; a literal it streams will not go anywhere. */
    private void answer(FramedCommand framed, ImapResponse... responses) {
        CompositeByteBuf lines = connection.client().alloc().compositeBuffer(responses.length);
        try {
            for (ImapResponse response : responses) {
                lines.addComponent(true, relay.encoder.response(connection.client().alloc(), response, Optional.empty()));
            }
        } catch (IllegalArgumentException e) {
            lines.release();
            misbehaved("an answer to " + framed.command().verb() + " cannot be sent: " + e.getMessage());
            return;
        }
        relay.answer(lines);
        framed.streamed().ifPresent(literal -> {
            if (literal.nonSync()) {
                relay.commands.discardRest();
            } else {
                relay.commands.cancelLiteral();
            }
        });
    }

    private void forward(FramedCommand framed, SeenCommand<ImapCommand> seen, List<ByteBuf> segments) {
        String tag = framed.command().tag();
        relay.order.await(seen); // the tag it went with is the client's: a replacement keeps it
        CommandForwarder.Then then = CommandForwarder.Then.NOTHING;
        CommandForwarder.Refused refused = CommandForwarder.Refused.NOTHING;
        if (framed.streamed().isPresent()) {
            LiteralMark literal = framed.streamed().get();
            streamingTag = tag;
            if (!literal.nonSync()) {
                then = CommandForwarder.Then.RELAY;
                refused = CommandForwarder.Refused.CANCEL_LITERAL;
            } else {
                then = relay.literals.mustSynchronize(literal.length())
                        ? CommandForwarder.Then.ABSORB : CommandForwarder.Then.NOTHING;
                refused = CommandForwarder.Refused.DISCARD_LITERAL;
            }
        }
        relay.forwarder.send(tag, segments, then, refused);
    }

    /**
     * The command's own bytes, cut after each synchronizing literal header (the upstream must
     * answer it before the literal), with the {@code +} of the non-synchronizing headers the
     * upstream does not take removed (which makes them synchronizing).
     */
    private List<ByteBuf> segments(FramedCommand framed) {
        ByteBuf bytes = framed.content();
        List<ByteBuf> segments = new ArrayList<>();
        List<ByteBuf> pieces = new ArrayList<>();
        int from = 0;
        List<LiteralMark> marks = new ArrayList<>(framed.literals());
        framed.streamed().ifPresent(marks::add);
        for (int i = 0; i < marks.size(); i++) {
            LiteralMark mark = marks.get(i);
            boolean convert = mark.nonSync() && relay.literals.mustSynchronize(mark.length());
            if (convert) {
                pieces.add(bytes.retainedSlice(from, mark.plus() - from));
                from = mark.plus() + 1;
            }
            boolean gathered = i < framed.literals().size();
            if (gathered && (!mark.nonSync() || convert)) {
                pieces.add(bytes.retainedSlice(from, mark.headerEnd() - from));
                from = mark.headerEnd();
                segments.add(join(pieces));
            }
        }
        pieces.add(bytes.retainedSlice(from, bytes.readableBytes() - from));
        segments.add(join(pieces));
        return segments;
    }

    private ByteBuf join(List<ByteBuf> pieces) {
        ByteBuf joined = pieces.size() == 1 ? pieces.get(0)
                : connection.upstream().alloc().compositeBuffer(pieces.size()).addComponents(true, pieces);
        pieces.clear();
        return joined;
    }

    private void onLiteral(StreamChunk chunk) {
        if (chunk.seen()) {
            relay.chain.onStreamedData(Direction.FROM_CLIENT, chunk.content());
        }
        connection.toUpstream(chunk.content().retain());
    }

    /** A continuation line, or the rest of a line after a streamed literal. */
    private void onRawPart(RawPart part) {
        if (part.literal().isEmpty()) {
            connection.toUpstream(part.content().retain());
            return;
        }
        LiteralMark literal = part.literal().get();
        boolean convert = literal.nonSync() && relay.literals.mustSynchronize(literal.length());
        ByteBuf bytes = part.content();
        if (convert) {
            connection.toUpstream(bytes.retainedSlice(0, literal.plus()));
            connection.toUpstream(bytes.retainedSlice(literal.plus() + 1, bytes.readableBytes() - literal.plus() - 1));
        } else {
            connection.toUpstream(bytes.retain());
        }
        if (!literal.nonSync() || convert) {
            relay.forwarder.awaitLiteral(streamingTag, !literal.nonSync());
        }
    }

    private void onInvalid(InvalidCommand invalid) {
        if (invalid.mustClose()) {
            connection.goodbye("Invalid command", CloseReason.PROTOCOL_ERROR,
                    "invalid command ending with a non-synchronizing literal: " + invalid.reason());
            return;
        }
        connection.log().debug("invalid command: {}", invalid.reason());
        relay.answer(line(invalid.tag().orElse("*") + " BAD Invalid command: " + invalid.reason()));
    }
}
