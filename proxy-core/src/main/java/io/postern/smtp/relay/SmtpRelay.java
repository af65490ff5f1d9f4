package io.postern.smtp.relay;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.postern.engine.Relay;
import io.postern.engine.Session;
import io.postern.filter.FilterChain;
import io.postern.filter.FramedConnection;
import io.postern.filter.ReplyQueue;
import io.postern.spi.smtp.SmtpCommand;
import io.postern.spi.smtp.SmtpReply;
import java.util.function.Function;

/**
 * The framed relay of a logged-in SMTP session: a command decoder and its handler on the
 * client's channel, a reply decoder and its handler on the upstream's, sharing the reply queue
 * that pairs each reply with its command.
 */
public final class SmtpRelay {

    /** The four handlers of one session, before they are installed. */
    record Handlers(ChannelHandler clientDecoder, ChannelHandler clientSide, ChannelHandler upstreamDecoder,
                    ChannelHandler upstreamSide) {
    }

    private SmtpRelay() {
    }

    /**
     * Installs the framed relay on a logged-in session's channels ({@link Relay#install}) and
     * starts reading.
     *
     * @param maxCommandLine {@code smtp_client_buffer}
     */
    public static void start(Session session, Channel upstream, FilterChain<SmtpCommand, SmtpReply> chain,
                             Function<String, String> goodbye, int maxCommandLine) {
        FramedConnection connection = FramedConnection.of(session, upstream, goodbye);
        Handlers handlers = handlers(connection, chain, maxCommandLine);
        Relay.install(session, upstream, new ChannelHandler[] {handlers.clientDecoder(), handlers.clientSide()},
                new ChannelHandler[] {handlers.upstreamDecoder(), handlers.upstreamSide()});
        // Commands the client pipelined behind its login flowed in during the install, which
        // then turned reading on: a pause they caused (a DATA waiting for 354) must hold.
        connection.clientGate().reapply();
        connection.upstreamGate().reapply();
    }

    /** The handlers of one session over {@code connection}. */
    static Handlers handlers(FramedConnection connection, FilterChain<SmtpCommand, SmtpReply> chain,
                             int maxCommandLine) {
        ReplyQueue<SmtpAwaited> replies = new ReplyQueue<>(connection::answerClient);
        connection.onEnd(replies::clear);
        connection.onEnd(chain::close);
        SmtpCommandDecoder commands = new SmtpCommandDecoder(connection.clientGate(), maxCommandLine);
        SmtpClientSide client = new SmtpClientSide(connection, chain, replies, commands);
        return new Handlers(commands, client, new SmtpReplyDecoder(connection.upstreamGate()),
                new SmtpServerSide(connection, chain, replies, client));
    }
}
