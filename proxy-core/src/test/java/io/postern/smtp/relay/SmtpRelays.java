package io.postern.smtp.relay;

import io.netty.buffer.ByteBufAllocator;
import io.postern.relay.FramedHandlers;
import io.postern.spi.filter.CommandVerdict;
import io.postern.spi.filter.Direction;
import io.postern.spi.filter.ResponseVerdict;
import io.postern.spi.smtp.SmtpCommand;
import io.postern.spi.smtp.SmtpFilter;
import io.postern.spi.smtp.SmtpReply;
import io.postern.testing.FramedRelayHarness;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** SMTP relays between embedded channels, and a filter that records what it sees. */
final class SmtpRelays {

    static final int MAX_COMMAND_LINE = 4096;

    /** An EHLO reply offering CHUNKING, so that BDAT may go upstream. */
    static final String EHLO_REPLY = "250-mx.example\r\n250-PIPELINING\r\n250-CHUNKING\r\n250 8BITMIME\r\n";

    private SmtpRelays() {
    }

    static FramedRelayHarness relay(SmtpFilter... filters) {
        return relay(null, filters);
    }

    static FramedRelayHarness relay(ByteBufAllocator allocator, SmtpFilter... filters) {
        return new FramedRelayHarness(text -> "421 4.3.0 " + text, connection -> {
            FramedHandlers h = SmtpRelay.handlers(connection,
                    FramedRelayHarness.chain(SmtpCommand::verb, filters), MAX_COMMAND_LINE);
            return h.all();
        }, allocator);
    }

    /** A relay that has seen an EHLO exchange offering CHUNKING; both sides drained. */
    static FramedRelayHarness afterEhlo(SmtpFilter... filters) {
        FramedRelayHarness relay = relay(filters);
        relay.fromClient("EHLO client.example\r\n").fromServer(EHLO_REPLY);
        relay.toServer();
        relay.toClient();
        return relay;
    }

    /** Passes everything and writes down the commands, replies and streamed bytes it saw. */
    static class Recorder implements SmtpFilter {
        final List<String> commands = new ArrayList<>();
        final List<String> replies = new ArrayList<>();
        final ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        boolean closed;

        @Override
        public CommandVerdict<SmtpCommand, SmtpReply> onCommand(SmtpCommand command) {
            commands.add(command.argument().isEmpty() ? command.verb() : command.verb() + " " + command.argument());
            return CommandVerdict.pass();
        }

        @Override
        public ResponseVerdict<SmtpReply> onResponse(SmtpReply reply) {
            replies.add(reply.code() + " " + String.join("|", reply.lines()));
            return ResponseVerdict.pass();
        }

        @Override
        public void onStreamedData(Direction direction, ByteBuffer chunk) {
            if (direction != Direction.FROM_CLIENT) {
                throw new AssertionError("SMTP streams only from the client");
            }
            byte[] bytes = new byte[chunk.remaining()];
            chunk.get(bytes);
            streamed.writeBytes(bytes);
        }

        @Override
        public void onClose() {
            closed = true;
        }
    }
}
