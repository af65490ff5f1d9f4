package io.postern.imap.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import java.util.Optional;

/**
 * Bytes relayed unseen, framed only by line ends and literal headers: the rest of a line after
 * a streamed literal, a client's continuation line ({@code DONE}), a response that does not
 * parse or is too long to parse. A line may come in several parts.
 */
final class RawPart extends DefaultByteBufHolder {

    private final boolean startsMessage;
    private final boolean lineEnded;
    private final Optional<LiteralMark> literal;
    private final Optional<String> completes;

    /**
     * @param startsMessage whether these are the first bytes of a message (not the rest of one)
     * @param lineEnded whether the part ends its line
     * @param literal the literal whose header ends the line, its bytes following
     * @param completes the tag of the command this message completes (a tagged status response
     *     relayed raw), given with the part that ends the message
     */
    RawPart(ByteBuf bytes, boolean startsMessage, boolean lineEnded, Optional<LiteralMark> literal,
            Optional<String> completes) {
        super(bytes);
        this.startsMessage = startsMessage;
        this.lineEnded = lineEnded;
        this.literal = literal;
        this.completes = completes;
    }

    boolean startsMessage() {
        return startsMessage;
    }

    boolean lineEnded() {
        return lineEnded;
    }

    Optional<LiteralMark> literal() {
        return literal;
    }

    /** Whether the message ends with this part: its line ended, and no literal follows. */
    boolean endsMessage() {
        return lineEnded && literal.isEmpty();
    }

    Optional<String> completes() {
        return completes;
    }

    @Override
    public String toString() {
        return "RawPart(" + content().readableBytes() + " bytes" + (startsMessage ? ", starts" : "")
                + (lineEnded ? ", line end" : "") + literal.map(l -> ", literal " + l.length()).orElse("") + ")";
    }
}
