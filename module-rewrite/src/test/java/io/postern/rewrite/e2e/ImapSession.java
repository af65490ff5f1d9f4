package io.postern.rewrite.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.postern.testing.ScriptClient;
import io.postern.testing.upstreams.MailUser;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** A logged-in IMAP session over {@link ScriptClient}, for commands whose untagged answers a test reads. */
final class ImapSession implements AutoCloseable {

    private final ScriptClient client;
    private int tags;

    private ImapSession(ScriptClient client) {
        this.client = client;
    }

    /** Connects to {@code address} and logs {@code user} in; the next command is the session's first. */
    static ImapSession login(InetSocketAddress address, MailUser user) throws IOException {
        ScriptClient client = new ScriptClient(address);
        client.run("""
                S: \\* OK .*
                C: l LOGIN %s %s
                S: l OK .*
                """.formatted(user.name(), user.password()));
        return new ImapSession(client);
    }

    /**
     * Logs {@code user} in at {@code address} (the upstream itself, to prepare or check a
     * mailbox without Postern) and runs {@code commands}, each of which must answer OK.
     */
    static void runAll(InetSocketAddress address, MailUser user, String... commands) throws IOException {
        try (ImapSession session = login(address, user)) {
            for (String command : commands) {
                assertThat(session.status(command)).as(command).startsWith("OK");
            }
        }
    }

    /** Sends {@code command} with a fresh tag; returns every line of its answer, the tagged one last. */
    List<String> command(String command) throws IOException {
        String tag = "t" + ++tags;
        client.send(tag + " " + command + "\r\n");
        List<String> lines = new ArrayList<>();
        String line;
        do {
            line = client.readLine();
            assertThat(line).as("the answer to " + command).isNotNull();
            lines.add(line);
        } while (!line.startsWith(tag + " "));
        return lines;
    }

    /** The tagged line of {@code command}'s answer, without its tag. */
    String status(String command) throws IOException {
        List<String> lines = command(command);
        String last = lines.get(lines.size() - 1);
        return last.substring(last.indexOf(' ') + 1);
    }

    /** The mailbox names of the untagged LIST (or LSUB) lines of {@code command}'s answer, as sent. */
    List<String> names(String command) throws IOException {
        return command(command).stream().filter(l -> l.startsWith("* LIST ") || l.startsWith("* LSUB "))
                .map(ImapSession::name).toList();
    }

    /** {@code * LIST (\HasNoChildren) "/" "Sent"}: {@code Sent}; a name after a quoted or NIL delimiter. */
    static String name(String listLine) {
        int close = listLine.indexOf(')');
        String rest = listLine.substring(close + 2);
        rest = rest.startsWith("NIL ") ? rest.substring(4) : rest.substring(rest.indexOf('"', 1) + 2);
        int extended = rest.startsWith("\"") ? rest.indexOf('"', 1) + 1 : rest.indexOf(' ');
        String name = extended > 0 && extended < rest.length() ? rest.substring(0, extended) : rest;
        return name.startsWith("\"") ? name.substring(1, name.length() - 1) : name;
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
