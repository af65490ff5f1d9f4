package io.postern.imap.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.postern.engine.Session;
import io.postern.engine.TestSessions;
import io.postern.relay.FilterChain;
import io.postern.relay.FramedConnection;
import io.postern.relay.FramedHandlers;
import io.postern.imap.UpstreamCapabilities;
import io.postern.module.Named;
import io.postern.spi.CloseReason;
import io.postern.spi.filter.PostLoginFilter;
import io.postern.spi.imap.ImapCommand;
import io.postern.spi.imap.ImapFilter;
import io.postern.spi.imap.ImapResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A filtered IMAP session on two {@link EmbeddedChannel}s, the client's and the upstream's,
 * with the framed relay's handlers installed as after login: a test plays both the client
 * ({@link #fromClient}) and the server ({@link #fromServer}) and reads, byte for byte, what
 * each side received.
 */
final class RelayHarness implements AutoCloseable {

    final EmbeddedChannel client = TestSessions.channel(50143);
    final EmbeddedChannel upstream = TestSessions.channel(1143);
    final Session session;
    final FramedHandlers handlers;

    /**
     * @param upstreamCapabilities the capability line the upstream sent during the login
     *     ({@code * CAPABILITY ...}), or {@code null} for none
     */
    RelayHarness(int inlineLimit, String upstreamCapabilities, ImapFilter... filters) {
        session = TestSessions.loggedIn(client, "servers { imap { protocol = imap, listen = \"127.0.0.1:0\" } }");
        if (upstreamCapabilities != null) {
            UpstreamCapabilities.record(upstream, upstreamCapabilities);
        }
        List<Named<? extends PostLoginFilter<ImapCommand, ImapResponse>>> named = new ArrayList<>();
        for (int i = 0; i < filters.length; i++) {
            named.add(new Named<>("test", "filter-" + i, filters[i]));
        }
        FilterChain<ImapCommand, ImapResponse> chain = new FilterChain<>(named, session.log()::error, ImapCommand::verb);
        handlers = ImapFramedRelay.handlers(session,
                FramedConnection.of(session, upstream, text -> "* BYE " + text), chain, inlineLimit);
        client.pipeline().addLast(handlers.clientDecoder(), handlers.clientSide());
        upstream.pipeline().addLast(handlers.upstreamDecoder(), handlers.upstreamSide());
    }

    RelayHarness(ImapFilter... filters) {
        this(16, null, filters);
    }

    RelayHarness fromClient(String latin1) {
        return fromClient(latin1.getBytes(StandardCharsets.ISO_8859_1));
    }

    RelayHarness fromClient(byte[] bytes) {
        client.writeInbound(Unpooled.wrappedBuffer(bytes));
        return this;
    }

    RelayHarness fromServer(String latin1) {
        return fromServer(latin1.getBytes(StandardCharsets.ISO_8859_1));
    }

    RelayHarness fromServer(byte[] bytes) {
        upstream.writeInbound(Unpooled.wrappedBuffer(bytes));
        return this;
    }

    /** Everything the upstream received since last asked, as ISO-8859-1. */
    String toUpstream() {
        return drain(upstream);
    }

    /** Everything the client received since last asked, as ISO-8859-1. */
    String toClient() {
        return drain(client);
    }

    Optional<CloseReason> closeReason() {
        return TestSessions.closeReason(session);
    }

    private static String drain(EmbeddedChannel channel) {
        StringBuilder out = new StringBuilder();
        for (Object message = channel.readOutbound(); message != null; message = channel.readOutbound()) {
            ByteBuf bytes = (ByteBuf) message;
            out.append(bytes.toString(StandardCharsets.ISO_8859_1));
            bytes.release();
        }
        return out.toString();
    }

    @Override
    public void close() {
        client.finishAndReleaseAll();
        upstream.finishAndReleaseAll();
    }
}
