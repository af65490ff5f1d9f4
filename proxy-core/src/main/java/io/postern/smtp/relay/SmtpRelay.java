package io.postern.smtp.relay;

import io.postern.relay.FilterChain;
import io.postern.relay.FramedConnection;
import io.postern.relay.FramedHandlers;
import io.postern.relay.ReplyQueue;
import io.postern.spi.smtp.SmtpCommand;
import io.postern.spi.smtp.SmtpReply;

/**
 * The framed relay of a logged-in SMTP session: a command decoder and its handler on the
 * client's channel, a reply decoder and its handler on the upstream's, sharing the reply queue
 * that pairs each reply with its command.
 */
public final class SmtpRelay {

    private SmtpRelay() {
    }

    /**
     * The handlers of one session over {@code connection}.
     *
     * @param maxCommandLine {@code smtp_client_buffer}
     */
    public static FramedHandlers handlers(FramedConnection connection, FilterChain<SmtpCommand, SmtpReply> chain,
                                   int maxCommandLine) {
        ReplyQueue<SmtpAwaited> replies = new ReplyQueue<>(connection::answerClient);
        connection.onEnd(replies::clear);
        connection.onEnd(chain::close);
        SmtpCommandDecoder commands = new SmtpCommandDecoder(connection.clientGate(), maxCommandLine);
        SmtpClientSide client = new SmtpClientSide(connection, chain, replies, commands);
        SmtpReplyDecoder replyDecoder = new SmtpReplyDecoder(connection.upstreamGate());
        return new FramedHandlers(commands, client, replyDecoder,
                new SmtpServerSide(connection, chain, replies, client, replyDecoder));
    }
}
