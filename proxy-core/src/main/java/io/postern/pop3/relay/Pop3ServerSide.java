package io.postern.pop3.relay;

import io.netty.buffer.ByteBuf;
import io.postern.relay.FilterChain;
import io.postern.relay.FilterFailure;
import io.postern.relay.FrameDecoder;
import io.postern.relay.FramedConnection;
import io.postern.relay.FramedSide;
import io.postern.relay.FramingError;
import io.postern.relay.MessageFrame;
import io.postern.relay.ReplyQueue;
import io.postern.relay.StreamChunk;
import io.postern.relay.StreamEnd;
import io.postern.spi.filter.Direction;
import io.postern.spi.filter.ResponseVerdict;
import io.postern.spi.pop3.Pop3Command;
import io.postern.spi.pop3.Pop3Response;
import io.postern.spi.pop3.Pop3Response.Body;
import java.util.List;
import java.util.Optional;

/**
 * A POP3 server's answers after login, each paired with the oldest command waiting in the
 * reply queue: STLS taken out of CAPA answers, then the filters, then on to the client. A
 * RETR or TOP body is relayed chunk by chunk as it comes, shown to the filters on the way;
 * the command's turn in the queue ends with the body's terminator.
 */
final class Pop3ServerSide extends FramedSide {

    /** What happens to the body that follows the current answer. */
    private enum BodyRoute { NONE, RELAY, DISCARD }

    private final FilterChain<Pop3Command, Pop3Response> chain;
    private final ReplyQueue<Pop3Awaited> replies;
    private BodyRoute body = BodyRoute.NONE;

    Pop3ServerSide(FramedConnection connection, FilterChain<Pop3Command, Pop3Response> chain,
                   ReplyQueue<Pop3Awaited> replies, FrameDecoder decoder) {
        super(connection, decoder);
        this.chain = chain;
        this.replies = replies;
    }

    @Override
    protected void onFrame(Object frame) {
        if (frame instanceof MessageFrame<?> answer) {
            onAnswer(answer, (Pop3Response) answer.message());
        } else if (frame instanceof StreamChunk chunk) {
            onChunk(chunk.content());
        } else if (frame instanceof StreamEnd end) {
            if (body == BodyRoute.RELAY) {
                connection.toClient(end.content().retain());
            }
            body = BodyRoute.NONE;
            answered();
        } else if (frame instanceof FramingError error) {
            upstreamFramingLost(error.detail());
        }
    }

    private void onAnswer(MessageFrame<?> frame, Pop3Response response) {
        Optional<Pop3Awaited> awaited = replies.head();
        boolean multiLine = awaited.map(Pop3Awaited::multiLine).orElse(false);
        Pop3Response shown = withoutStls(awaited, response);
        whenDecided(frame, chain.onResponse(awaited.map(Pop3Awaited::seen).orElse(null), shown),
                decided -> decided(frame, response, shown, multiLine, decided));
    }

    private void decided(MessageFrame<?> frame, Pop3Response response, Pop3Response shown, boolean multiLine,
                         ResponseVerdict<Pop3Response> verdict) {
        boolean bodyFollows = response.body() == Body.STREAMED;
        if (verdict instanceof ResponseVerdict.Pass) {
            connection.toClient(shown == response ? frame.content().retain()
                    : Pop3Wire.encode(connection.client().alloc(), shown, multiLine));
            body = bodyFollows ? BodyRoute.RELAY : BodyRoute.NONE;
        } else if (verdict instanceof ResponseVerdict.Replace<Pop3Response> replace) {
            replaced(replace.response(), bodyFollows, multiLine);
        } else if (verdict instanceof ResponseVerdict.Close<Pop3Response> close) {
            closedByFilter(close.message());
            return;
        } else {
            // The client would wait for the dropped answer forever.
            throw new FilterFailure("a filter dropped a POP3 answer, which the client waits for");
        }
        if (!bodyFollows) {
            answered();
        }
    }

    /**
     * A filter's answer in place of the server's. A {@code +OK} that keeps a streamed body lets
     * the server's body through after it; any other replacement is sent whole (with its own
     * block when the client waits for one) and the server's body, if any, is dropped.
     */
    private void replaced(Pop3Response replacement, boolean bodyFollows, boolean multiLine) {
        if (bodyFollows && replacement.ok() && replacement.body() == Body.STREAMED) {
            connection.toClient(Pop3Wire.encode(connection.client().alloc(),
                    new Pop3Response(true, replacement.text(), Body.NONE, List.of()), false));
            body = BodyRoute.RELAY;
        } else {
            connection.toClient(Pop3Wire.encode(connection.client().alloc(), replacement, multiLine));
            body = bodyFollows ? BodyRoute.DISCARD : BodyRoute.NONE;
        }
    }

    private void onChunk(ByteBuf chunk) {
        if (body != BodyRoute.RELAY) {
            return;
        }
        chain.onStreamedData(Direction.FROM_SERVER, chunk);
        connection.toClient(chunk.retain());
    }

    /** The answer at the head of the queue went out: the answers the relay queued behind it follow. */
    private void answered() {
        if (replies.head().isPresent() && replies.complete().seen().original().verb().equals("QUIT")) {
            connection.clientQuit();
        }
    }

    /**
     * A CAPA answer without STLS, which the relay refuses after login (RFC 2449 6.4): the same
     * instance when there was none to take out.
     */
    private static Pop3Response withoutStls(Optional<Pop3Awaited> awaited, Pop3Response response) {
        if (response.body() != Body.LINES || awaited.isEmpty() || !awaited.get().command().verb().equals("CAPA")
                || response.lines().stream().noneMatch(Pop3Wire::isStls)) {
            return response;
        }
        return response.withLines(response.lines().stream().filter(line -> !Pop3Wire.isStls(line)).toList());
    }
}
