package io.postern.imap.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import io.postern.spi.imap.ImapCommand;
import java.util.List;
import java.util.Optional;

/**
 * A command as the client sent it: parsed for the filters, and its bytes (from the tag to the
 * line end, or to the end of the header of the literal it streams) to send on unchanged.
 */
final class FramedCommand extends DefaultByteBufHolder {

    private final ImapCommand command;
    private final List<LiteralMark> literals;
    private final Optional<LiteralMark> streamed;

    /**
     * @param literals the headers of the literals gathered into the command, in order
     * @param streamed the header of the literal that ends the command, whose bytes follow it
     */
    FramedCommand(ImapCommand command, ByteBuf bytes, List<LiteralMark> literals, Optional<LiteralMark> streamed) {
        super(bytes);
        this.command = command;
        this.literals = List.copyOf(literals);
        this.streamed = streamed;
    }

    ImapCommand command() {
        return command;
    }

    List<LiteralMark> literals() {
        return literals;
    }

    Optional<LiteralMark> streamed() {
        return streamed;
    }

    @Override
    public String toString() {
        // The verb only: arguments may be private.
        return "FramedCommand(" + command.verb() + ", " + content().readableBytes() + " bytes)";
    }
}
