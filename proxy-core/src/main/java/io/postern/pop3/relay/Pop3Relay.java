package io.postern.pop3.relay;

import io.postern.relay.FilterChain;
import io.postern.relay.FramedConnection;
import io.postern.relay.FramedHandlers;
import io.postern.relay.ReplyQueue;
import io.postern.spi.pop3.Pop3Command;
import io.postern.spi.pop3.Pop3Response;
import io.postern.spi.pop3.Pop3Response.Body;

/**
 * The framed relay of a logged-in POP3 session: a command decoder and its handler on the
 * client's channel, an answer decoder and its handler on the upstream's, sharing the reply
 * queue that pairs each answer with its command.
 */
public final class Pop3Relay {

    private Pop3Relay() {
    }

    /**
     * The handlers of one session over {@code connection}.
     *
     * @param maxCommandLine {@code pop3_client_buffer}
     */
    public static FramedHandlers handlers(FramedConnection connection, FilterChain<Pop3Command, Pop3Response> chain,
                                   int maxCommandLine) {
        ReplyQueue<Pop3Awaited> replies = new ReplyQueue<>(connection::answerClient);
        connection.onEnd(replies::clear);
        connection.onEnd(chain::close);
        Pop3CommandDecoder commands = new Pop3CommandDecoder(connection.clientGate(), maxCommandLine);
        Pop3AnswerDecoder answers = new Pop3AnswerDecoder(connection.upstreamGate(),
                () -> replies.head().map(Pop3Awaited::body).orElse(Body.NONE));
        return new FramedHandlers(commands, new Pop3ClientSide(connection, chain, replies, commands), answers,
                new Pop3ServerSide(connection, chain, replies, answers));
    }
}
