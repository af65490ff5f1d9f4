package io.postern.pop3.relay;

import io.netty.buffer.ByteBufAllocator;
import io.postern.relay.FramedHandlers;
import io.postern.spi.filter.CommandVerdict;
import io.postern.spi.filter.Direction;
import io.postern.spi.filter.ResponseVerdict;
import io.postern.spi.pop3.Pop3Command;
import io.postern.spi.pop3.Pop3Filter;
import io.postern.spi.pop3.Pop3Response;
import io.postern.testing.FramedRelayHarness;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** POP3 relays between embedded channels, and a filter that records what it sees. */
final class Pop3Relays {

    static final int MAX_COMMAND_LINE = 4096;

    private Pop3Relays() {
    }

    /** A relay through {@code filters}. */
    static FramedRelayHarness relay(Pop3Filter... filters) {
        return relay(null, filters);
    }

    static FramedRelayHarness relay(ByteBufAllocator allocator, Pop3Filter... filters) {
        return new FramedRelayHarness(text -> "-ERR " + text, connection -> {
            FramedHandlers h = Pop3Relay.handlers(connection,
                    FramedRelayHarness.chain(Pop3Command::verb, filters), MAX_COMMAND_LINE);
            return h.all();
        }, allocator);
    }

    /** Passes everything and writes down, in order, each command, answer and streamed body it saw. */
    static class Recorder implements Pop3Filter {
        final List<String> seen = new ArrayList<>();
        final ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        boolean closed;

        @Override
        public CommandVerdict<Pop3Command, Pop3Response> onCommand(Pop3Command command) {
            seen.add("C: " + command.verb() + (command.args().isEmpty() ? "" : " " + String.join(" ", command.args())));
            return CommandVerdict.pass();
        }

        @Override
        public ResponseVerdict<Pop3Response> onResponse(Pop3Response response) {
            seen.add("S: " + (response.ok() ? "+OK " : "-ERR ") + response.text() + " " + response.body()
                    + (response.lines().isEmpty() ? "" : " " + response.lines()));
            return ResponseVerdict.pass();
        }

        @Override
        public void onStreamedData(Direction direction, ByteBuffer chunk) {
            byte[] bytes = new byte[chunk.remaining()];
            chunk.get(bytes);
            streamed.writeBytes(bytes);
        }

        @Override
        public void onClose() {
            closed = true;
        }
    }

    /** Answers the commands {@code answer} returns an answer for, passes the rest. */
    static Pop3Filter answering(Function<Pop3Command, Pop3Response> answer) {
        return new Pop3Filter() {
            @Override
            public CommandVerdict<Pop3Command, Pop3Response> onCommand(Pop3Command command) {
                Pop3Response response = answer.apply(command);
                return response == null ? CommandVerdict.pass() : CommandVerdict.answer(response);
            }
        };
    }
}
