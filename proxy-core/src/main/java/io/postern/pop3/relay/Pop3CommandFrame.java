package io.postern.pop3.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import io.postern.spi.pop3.Pop3Command;

/** A client's command line: its bytes as they go on, and the command filters see. */
final class Pop3CommandFrame extends DefaultByteBufHolder {

    private final Pop3Command command;

    Pop3CommandFrame(ByteBuf wire, Pop3Command command) {
        super(wire);
        this.command = command;
    }

    Pop3Command command() {
        return command;
    }

    @Override
    public String toString() {
        // The arguments may be a password (PASS).
        return "Pop3CommandFrame[" + command.verb() + "]";
    }
}
