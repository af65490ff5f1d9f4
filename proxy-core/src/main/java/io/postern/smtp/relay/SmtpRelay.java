package io.postern.smtp.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.postern.engine.Session;
import io.postern.relay.FilterChain;
import io.postern.relay.FramedConnection;
import io.postern.relay.FramedHandlers;
import io.postern.relay.ReplyQueue;
import io.postern.spi.smtp.SmtpCommand;
import io.postern.spi.smtp.SmtpReply;
import java.util.function.Function;

/**
 * The framed relay of a logged-in SMTP session: a command decoder and its handler on the
 * client's channel, a reply decoder and its handler on the upstream's, sharing the reply queue
 * that pairs each reply with its command.
 */
public final class SmtpRelay {

    private SmtpRelay() {
    }

    /**
     * Installs the framed relay on a logged-in session's channels and starts reading, the
     * upstream's {@code loginReply} first.
     *
     * @param maxCommandLine {@code smtp_client_buffer}
     */
    public static void start(Session session, Channel upstream, FilterChain<SmtpCommand, SmtpReply> chain,
                             Function<String, String> goodbye, int maxCommandLine, ByteBuf loginReply) {
        FramedConnection connection = FramedConnection.of(session, upstream, goodbye);
        handlers(connection, chain, maxCommandLine).install(session, upstream, connection, loginReply);
    }

    /** The handlers of one session over {@code connection}. */
    static FramedHandlers handlers(FramedConnection connection, FilterChain<SmtpCommand, SmtpReply> chain,
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
