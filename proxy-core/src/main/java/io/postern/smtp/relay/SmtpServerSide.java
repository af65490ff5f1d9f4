package io.postern.smtp.relay;

import io.postern.relay.FilterChain;
import io.postern.relay.FilterFailure;
import io.postern.relay.FrameDecoder;
import io.postern.relay.FramedConnection;
import io.postern.relay.FramedSide;
import io.postern.relay.FramingError;
import io.postern.relay.MessageFrame;
import io.postern.relay.ReplyQueue;
import io.postern.spi.filter.ResponseVerdict;
import io.postern.spi.smtp.SmtpCommand;
import io.postern.spi.smtp.SmtpReply;
import java.util.Optional;

/**
 * An SMTP server's replies after login, each paired with the oldest command waiting in the
 * reply queue: the keywords of refused commands taken out of EHLO replies, then the filters,
 * then on to the client. DATA's first reply tells the client side whether the message follows;
 * a 354 to anything else ends the session.
 */
final class SmtpServerSide extends FramedSide {

    private final FilterChain<SmtpCommand, SmtpReply> chain;
    private final ReplyQueue<SmtpAwaited> replies;
    private final SmtpClientSide client;

    SmtpServerSide(FramedConnection connection, FilterChain<SmtpCommand, SmtpReply> chain,
                   ReplyQueue<SmtpAwaited> replies, SmtpClientSide client, FrameDecoder decoder) {
        super(connection, decoder);
        this.chain = chain;
        this.replies = replies;
        this.client = client;
    }

    @Override
    protected void onFrame(Object frame) {
        if (frame instanceof MessageFrame<?> reply) {
            onReply(reply, (SmtpReply) reply.message());
        } else if (frame instanceof FramingError error) {
            upstreamFramingLost(error.detail());
        }
    }

    private void onReply(MessageFrame<?> frame, SmtpReply reply) {
        Optional<SmtpAwaited> awaited = replies.head();
        SmtpAwaited.Kind kind = awaited.map(SmtpAwaited::kind).orElse(SmtpAwaited.Kind.REPLY);
        if (reply.code() == 354 && kind != SmtpAwaited.Kind.DATA) {
            // The upstream takes a message the relay did not ask for: what the client sends next
            // would be message data to the one and commands to the other, the disagreement SMTP
            // smuggling is made of.
            upstreamFramingLost("354 to " + awaited.map(a -> a.command().verb()).orElse("no command"));
            return;
        }
        SmtpReply shown = reply;
        if (kind == SmtpAwaited.Kind.EHLO && reply.code() == 250) {
            client.upstreamChunking(SmtpWire.offersChunking(reply));
            shown = SmtpWire.withoutHiddenKeywords(reply);
        }
        SmtpReply seen = shown;
        whenDecided(frame, chain.onResponse(awaited.map(SmtpAwaited::seen).orElse(null), shown),
                decided -> decided(frame, reply, awaited, seen, decided));
    }

    private void decided(MessageFrame<?> frame, SmtpReply reply, Optional<SmtpAwaited> awaited, SmtpReply shown,
                         ResponseVerdict<SmtpReply> verdict) {
        SmtpAwaited.Kind kind = awaited.map(SmtpAwaited::kind).orElse(SmtpAwaited.Kind.REPLY);
        if (verdict instanceof ResponseVerdict.Pass) {
            connection.toClient(shown == reply ? frame.content().retain()
                    : SmtpWire.encode(connection.client().alloc(), shown));
        } else if (verdict instanceof ResponseVerdict.Replace<SmtpReply> replace) {
            SmtpReply replacement = replace.response();
            if ((replacement.code() == 354) != (reply.code() == 354)) {
                // The client and the upstream would disagree on whether the message follows.
                throw new FilterFailure("a filter replaced a " + reply.code() + " reply by "
                        + replacement.code() + ": whether a message follows is the upstream's to say");
            }
            connection.toClient(SmtpWire.encode(connection.client().alloc(), replacement));
        } else if (verdict instanceof ResponseVerdict.Close<SmtpReply> close) {
            closedByFilter(close.message());
            return;
        } else {
            // The client would wait for the dropped reply forever.
            throw new FilterFailure("a filter dropped an SMTP reply, which the client waits for");
        }
        if (awaited.isEmpty()) {
            return; // unsolicited, as a 421 before the upstream closes
        }
        if (replies.complete().seen().original().verb().equals("QUIT")) {
            connection.clientQuit();
        }
        if (kind == SmtpAwaited.Kind.DATA) {
            client.dataAccepted(reply.code() == 354);
        }
    }
}
