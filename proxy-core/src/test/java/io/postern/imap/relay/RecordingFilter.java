package io.postern.imap.relay;

import io.postern.spi.filter.CommandVerdict;
import io.postern.spi.filter.Direction;
import io.postern.spi.filter.ResponseVerdict;
import io.postern.spi.imap.ImapCommand;
import io.postern.spi.imap.ImapFilter;
import io.postern.spi.imap.ImapResponse;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** A test filter that records what it sees and answers as told (passing everything by default). */
class RecordingFilter implements ImapFilter {

    final List<ImapCommand> commands = new ArrayList<>();
    final List<ImapResponse> responses = new ArrayList<>();
    final Map<Direction, ByteArrayOutputStream> streamed = new EnumMap<>(Direction.class);
    int closed;
    private Function<ImapCommand, CommandVerdict<ImapCommand, ImapResponse>> onCommand = c -> CommandVerdict.pass();
    private Function<ImapResponse, ResponseVerdict<ImapResponse>> onResponse = r -> ResponseVerdict.pass();
    private int inlineLimit;

    RecordingFilter() {
        for (Direction direction : Direction.values()) {
            streamed.put(direction, new ByteArrayOutputStream());
        }
    }

    RecordingFilter commands(Function<ImapCommand, CommandVerdict<ImapCommand, ImapResponse>> verdicts) {
        this.onCommand = verdicts;
        return this;
    }

    RecordingFilter responses(Function<ImapResponse, ResponseVerdict<ImapResponse>> verdicts) {
        this.onResponse = verdicts;
        return this;
    }

    RecordingFilter inlineLimit(int limit) {
        this.inlineLimit = limit;
        return this;
    }

    @Override
    public CommandVerdict<ImapCommand, ImapResponse> onCommand(ImapCommand command) {
        commands.add(command);
        return onCommand.apply(command);
    }

    @Override
    public ResponseVerdict<ImapResponse> onResponse(ImapResponse response) {
        responses.add(response);
        return onResponse.apply(response);
    }

    @Override
    public void onStreamedData(Direction direction, ByteBuffer chunk) {
        byte[] bytes = new byte[chunk.remaining()];
        chunk.get(bytes);
        streamed.get(direction).writeBytes(bytes);
    }

    @Override
    public int inlineLimit() {
        return inlineLimit;
    }

    @Override
    public void onClose() {
        closed++;
    }

    List<String> verbs() {
        return commands.stream().map(ImapCommand::verb).toList();
    }
}
