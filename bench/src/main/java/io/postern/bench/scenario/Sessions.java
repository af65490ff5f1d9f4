package io.postern.bench.scenario;

import io.postern.bench.load.Clients;
import io.postern.bench.load.ImapConnection;
import io.postern.bench.load.ImapReply;
import io.postern.testing.upstreams.MailUser;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/** IMAP steps the scenarios share, chained on futures. */
final class Sessions {

    private Sessions() {
    }

    /** Connects, logs in and selects INBOX; the connection is closed if a step fails. */
    static CompletableFuture<ImapConnection> selected(Clients clients, InetSocketAddress imap, MailUser user) {
        return selected(clients, imap, false, user);
    }

    /** {@link #selected(Clients, InetSocketAddress, MailUser)}, with TLS from the first byte when {@code tls}. */
    static CompletableFuture<ImapConnection> selected(Clients clients, InetSocketAddress imap, boolean tls, MailUser user) {
        return ImapConnection.open(clients, imap, tls).thenCompose(c -> c.command(login(user))
                .thenApply(r -> ok(r, "LOGIN"))
                .thenCompose(r -> c.command("SELECT INBOX"))
                .thenApply(r -> ok(r, "SELECT"))
                .thenApply(r -> c)
                .whenComplete((r, e) -> {
                    if (e != null) {
                        c.close();
                    }
                }));
    }

    /** Opens {@code count} selected sessions at once (at most 200 connecting at a time). */
    static java.util.List<ImapConnection> openAll(Clients clients, InetSocketAddress imap, MailUser user, int count) {
        return openAll(clients, imap, false, user, count);
    }

    /** {@link #openAll(Clients, InetSocketAddress, MailUser, int)}, with TLS from the first byte when {@code tls}. */
    static java.util.List<ImapConnection> openAll(Clients clients, InetSocketAddress imap, boolean tls, MailUser user,
                                                  int count) {
        io.postern.bench.load.Bounded.Outcome<ImapConnection> outcome = io.postern.bench.load.Bounded
                .run(count, 200, i -> selected(clients, imap, tls, user)).join();
        if (outcome.failed() > 0) {
            closeAll(outcome.results());
            throw new IllegalStateException(outcome.failed() + " of " + count + " sessions did not open, first: "
                    + outcome.firstError());
        }
        return outcome.results();
    }

    static String login(MailUser user) {
        return "LOGIN " + user.name() + " " + user.password();
    }

    static ImapReply ok(ImapReply reply, String what) {
        if (!reply.ok()) {
            throw new IllegalStateException(what + ": " + reply.status());
        }
        return reply;
    }

    static void closeAll(Iterable<ImapConnection> connections) {
        java.util.List<CompletableFuture<Void>> closing = new java.util.ArrayList<>();
        for (ImapConnection c : connections) {
            closing.add(c.close());
        }
        CompletableFuture.allOf(closing.toArray(new CompletableFuture<?>[0])).join();
    }
}
