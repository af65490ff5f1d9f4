package io.postern.imap.relay;

import io.netty.buffer.ByteBuf;
import io.postern.relay.FramedSide;
import io.postern.relay.StreamChunk;
import io.postern.relay.FramingError;
import io.postern.relay.SeenCommand;
import io.postern.spi.imap.ImapCommand;
import io.postern.spi.filter.Direction;
import io.postern.spi.filter.ResponseVerdict;
import io.postern.spi.imap.ImapArg;
import io.postern.spi.imap.ImapResponse;
import java.util.List;
import java.util.Optional;

/**
 * The upstream's half of the framed relay: every response goes through the core's rules (the
 * upstream's capabilities learned, {@code COMPRESS=DEFLATE} removed from every list,
 * {@code ENABLE UTF8=ACCEPT} noted) and the filters, then to the client as it came or as a
 * filter replaced it. A continuation request for a literal Postern answered itself is absorbed;
 * one that asks the client for a line makes its next line a continuation line. Tagged replies
 * release the answers Postern holds back for order, and end a wait for a literal's {@code +}.
 */
final class UpstreamSide extends FramedSide {

    private static final String COMPRESS = "COMPRESS=DEFLATE";

    private final ImapRelaySession relay;

    UpstreamSide(ImapRelaySession relay) {
        super(relay.connection, relay.responses);
        this.relay = relay;
    }

    @Override
    protected void onFrame(Object msg) {
        if (msg instanceof FramedResponse response) {
            onResponse(response);
        } else if (msg instanceof StreamChunk chunk) {
            onLiteral(chunk);
        } else if (msg instanceof RawPart part) {
            connection.toClient(part.content().retain(), part.endsMessage());
            part.completes().ifPresent(this::completed);
        } else if (msg instanceof FramingError error) {
            upstreamFramingLost("upstream sent " + error.detail());
        }
    }

    /** The answers Postern held back may go now, and the client may read on after a literal's handshake. */
    @Override
    protected void afterFrame() {
        connection.localAnswersEased();
        relay.forwarder.resumeIfDue();
    }

    private void onResponse(FramedResponse framed) {
        ImapResponse response = framed.response();
        if (response instanceof ImapResponse.Continuation) {
            onContinuation(framed);
            return;
        }
        ImapResponse seen = coreRules(response);
        whenDecided(framed, relay.chain.onResponse(answered(response), seen), decided -> decided(framed, seen, decided));
    }

    private void decided(FramedResponse framed, ImapResponse seen, ResponseVerdict<ImapResponse> verdict) {
        ImapResponse response = framed.response();
        if (verdict instanceof ResponseVerdict.Close<ImapResponse> close) {
            closedByFilter(close.message());
            return;
        }
        if (verdict instanceof ResponseVerdict.Drop) {
            if (response instanceof ImapResponse.Tagged) {
                misbehaved("dropped a tagged response, which the client waits for");
                return;
            }
            relay.responses.discardRest();
            return;
        }
        ImapResponse out = verdict instanceof ResponseVerdict.Replace<ImapResponse> replace ? replace.response() : seen;
        if (!send(framed, out)) {
            return;
        }
        if (response instanceof ImapResponse.Tagged tagged) {
            completed(tagged.tag());
        }
    }

    /** A continuation request: absorbed, or relayed to the client (which then answers it). */
    private void onContinuation(FramedResponse framed) {
        CommandForwarder.Continuation purpose = relay.forwarder.onContinuation();
        if (purpose == CommandForwarder.Continuation.ABSORBED) {
            return;
        }
        whenDecided(framed, relay.chain.onResponse(answered(framed.response()), framed.response()),
                decided -> continuation(framed, purpose, decided));
    }

    private void continuation(FramedResponse framed, CommandForwarder.Continuation purpose,
                              ResponseVerdict<ImapResponse> verdict) {
        if (verdict instanceof ResponseVerdict.Close<ImapResponse> close) {
            closedByFilter(close.message());
            return;
        }
        if (verdict instanceof ResponseVerdict.Drop) {
            misbehaved("dropped a continuation request, which the client waits for");
            return;
        }
        ImapResponse out = verdict instanceof ResponseVerdict.Replace<ImapResponse> replace
                ? replace.response() : framed.response();
        if (send(framed, out) && purpose == CommandForwarder.Continuation.NOT_A_LITERAL) {
            relay.commands.expectContinuationLine();
        }
    }

    /**
     * The command a response answers: a tagged one, the command with its tag; any other, the
     * oldest command still waiting for its tagged reply; {@code null} when none waits.
     */
    private SeenCommand<ImapCommand> answered(ImapResponse response) {
        Optional<SeenCommand<ImapCommand>> awaited = response instanceof ImapResponse.Tagged tagged
                ? relay.order.find(c -> c.sent().tag().equals(tagged.tag())) : relay.order.head();
        return awaited.orElse(null);
    }

    /** Writes the response as it came when {@code out} is the response that came, else encoded. */
    private boolean send(FramedResponse framed, ImapResponse out) {
        boolean ends = framed.streamed().isEmpty();
        if (out == framed.response()) {
            connection.toClient(framed.content().retain(), ends);
            return true;
        }
        ByteBuf bytes;
        try {
            bytes = relay.encoder.response(connection.client().alloc(), out, framed.streamed());
        } catch (IllegalArgumentException e) {
            misbehaved("a replaced response cannot be sent: " + e.getMessage());
            return false;
        }
        connection.toClient(bytes, ends);
        return true;
    }

    /**
     * What the core decides before filters run: it learns the upstream's capabilities (does it
     * take {@code {n+}}?) and removes {@code COMPRESS=DEFLATE} from them, since compressed bytes
     * could not be framed; it notes {@code ENABLED UTF8=ACCEPT}, which lets quoted strings carry UTF-8.
     */
    private ImapResponse coreRules(ImapResponse response) {
        if (response instanceof ImapResponse.Data data && data.name().equals("ENABLED")
                && data.args().stream().skip(1).map(ImapArg::string).flatMap(Optional::stream)
                .anyMatch(s -> s.equalsIgnoreCase("UTF8=ACCEPT") || s.equalsIgnoreCase("IMAP4rev2"))) {
            relay.encoder.utf8Accepted();
        }
        Optional<List<String>> capabilities = response.capabilities();
        if (capabilities.isEmpty()) {
            return response;
        }
        relay.literals.learn(capabilities.get());
        if (capabilities.get().stream().noneMatch(c -> c.equalsIgnoreCase(COMPRESS))) {
            return response;
        }
        return response.withCapabilities(capabilities.get().stream().filter(c -> !c.equalsIgnoreCase(COMPRESS)).toList());
    }

    private void onLiteral(StreamChunk chunk) {
        if (chunk.seen()) {
            relay.chain.onStreamedData(Direction.FROM_SERVER, chunk.content());
        }
        connection.toClient(chunk.content().retain(), false);
    }

    private void completed(String tag) {
        relay.forwarder.onCompleted(tag);
        relay.order.complete(c -> c.sent().tag().equals(tag))
                .filter(awaited -> awaited.original().verb().equals("LOGOUT"))
                .ifPresent(logout -> connection.clientQuit());
    }
}
