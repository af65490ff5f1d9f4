package io.postern.imap.relay;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A random valid IMAP conversation after login, as the steps each side takes in turn, and what
 * each side must receive through an identity filter: the upstream every byte the client sent
 * ({@code {n+}} written {@code {n}} when the upstream lacks LITERAL+), the client every byte the
 * server sent, less the {@code +} lines Postern absorbs, plus one {@code +} of Postern's for
 * each synchronizing literal it gathers. Commands are pipelined, carry literals of every kind
 * (gathered and streamed, {@code {n}}, {@code {n+}}, {@code ~{n}} with NULs, several per
 * command), {@code IDLE} runs, and untagged responses come at any moment between two messages.
 * Bytes are ISO-8859-1 strings, one char per byte.
 */
final class Conversation {

    /** One side sends {@code bytes} (a message or a part of one). */
    record Step(boolean fromClient, String bytes) {
    }

    static final String ABSORBED = "+ go ahead\r\n";
    private static final String[] ATOMS = {"INBOX", "1:*", "\\Seen", "NIL", "BODY.PEEK[HEADER.FIELDS (FROM TO)]<0.100>",
        "42", "UID", "FLAGS", "Archive/2024", "*"};
    private static final String[] VERBS = {"NOOP", "SELECT", "FETCH", "UID FETCH", "STORE", "SEARCH", "LIST", "STATUS",
        "CREATE", "UID MOVE"};

    final List<Step> steps = new ArrayList<>();
    final StringBuilder toUpstream = new StringBuilder();
    final StringBuilder toClient = new StringBuilder();
    int postersContinuations;
    int absorbedContinuations;

    private final Random random;
    private final int inlineLimit;
    private final boolean literalPlus;
    private final List<String> outstanding = new ArrayList<>();
    private int tags;

    Conversation(Random random, int inlineLimit, boolean literalPlus, int rounds) {
        this.random = random;
        this.inlineLimit = inlineLimit;
        this.literalPlus = literalPlus;
        for (int i = 0; i < rounds; i++) {
            round();
        }
        while (!outstanding.isEmpty()) {
            complete();
        }
    }

    private void round() {
        int choice = random.nextInt(100);
        if (choice < 20) {
            pipelinedCommands();
        } else if (choice < 45) {
            literalCommand();
        } else if (choice < 65) {
            server(untagged());
        } else if (choice < 85) {
            if (!outstanding.isEmpty()) {
                complete();
            }
        } else if (choice < 92) {
            idle();
        } else {
            server(unparsed());
        }
    }

    private void client(String bytes, String converted) {
        steps.add(new Step(true, bytes));
        toUpstream.append(converted);
    }

    private void server(String message) {
        steps.add(new Step(false, message));
        toClient.append(message);
    }

    /** A {@code +} Postern absorbs: the upstream sends it, the client never sees it. */
    private void absorbed() {
        steps.add(new Step(false, ABSORBED));
        absorbedContinuations++;
    }

    private void maybeUntagged() {
        if (random.nextInt(4) == 0) {
            server(untagged());
        }
    }

    private String tag() {
        return "t" + (++tags);
    }

    private void pipelinedCommands() {
        StringBuilder batch = new StringBuilder();
        for (int i = random.nextInt(3); i >= 0; i--) {
            String tag = tag();
            batch.append(tag).append(' ').append(VERBS[random.nextInt(VERBS.length)]);
            for (int j = random.nextInt(4); j > 0; j--) {
                batch.append(' ').append(argument(0));
            }
            batch.append("\r\n");
            outstanding.add(tag);
        }
        client(batch.toString(), batch.toString());
    }

    private String argument(int depth) {
        int kind = random.nextInt(depth < 3 ? 4 : 3);
        return switch (kind) {
            case 0, 1 -> ATOMS[random.nextInt(ATOMS.length)];
            case 2 -> quoted();
            default -> {
                StringBuilder list = new StringBuilder("(");
                for (int i = random.nextInt(4); i > 0; i--) {
                    list.append(list.length() > 1 ? " " : "").append(argument(depth + 1));
                }
                yield list.append(')').toString();
            }
        };
    }

    private String quoted() {
        String[] texts = {"", "Sent Items", "say \\\"hi\\\"", "back\\\\slash", "{5}", "Entw\u00c3\u00bcrfe", "(a) [b]"};
        return '"' + texts[random.nextInt(texts.length)] + '"';
    }

    /**
     * An APPEND with one to three literals of random kinds: those that fit in what is left of
     * the inline limit are gathered (for a {@code {n}}, Postern sends the {@code +}; when the
     * command goes out, each synchronizing header waits for the upstream's absorbed {@code +}),
     * the first that does not is streamed (its {@code +} relayed from the upstream), and the
     * later ones stream unseen with the rest of the line.
     */
    private void literalCommand() {
        String tag = tag();
        StringBuilder chunk = new StringBuilder(tag + " APPEND " + (random.nextBoolean() ? "INBOX" : "\"Sent Items\""));
        StringBuilder converted = new StringBuilder(chunk);
        long gathered = 0;
        int boundaries = 0;
        boolean streaming = false;
        for (int i = 1 + random.nextInt(3); i > 0; i--) {
            if (random.nextBoolean()) {
                String flags = " (\\Seen \\Flagged)";
                chunk.append(flags);
                converted.append(flags);
            }
            boolean binary = random.nextInt(4) == 0;
            boolean nonSync = random.nextBoolean();
            int size = random.nextInt(3) == 0 ? random.nextInt(2 * inlineLimit + 200) : random.nextInt(inlineLimit / 2 + 1);
            String header = (binary ? " ~{" : " {") + size + (nonSync ? "+}" : "}") + "\r\n";
            String sent = nonSync && !literalPlus ? header.replace("+}", "}") : header;
            boolean mustWait = !nonSync || !literalPlus;
            chunk.append(header);
            converted.append(sent);
            String data = literalData(size, binary);
            if (!streaming && size <= inlineLimit - gathered) {
                gathered += size;
                if (mustWait) {
                    boundaries++;
                }
                if (!nonSync) {
                    client(chunk.toString(), converted.toString());
                    chunk.setLength(0);
                    converted.setLength(0);
                    toClient.append(ClientSide.LITERAL_CONTINUATION).append("\r\n");
                    postersContinuations++;
                    maybeUntagged();
                }
            } else {
                client(chunk.toString(), converted.toString());
                chunk.setLength(0);
                converted.setLength(0);
                if (!streaming) {
                    for (int b = 0; b < boundaries; b++) {
                        absorbed();
                    }
                    streaming = true;
                }
                if (!nonSync) {
                    server("+ Ready for the literal\r\n");
                } else if (!literalPlus) {
                    absorbed();
                }
                maybeUntagged();
            }
            chunk.append(data);
            converted.append(data);
        }
        chunk.append("\r\n");
        converted.append("\r\n");
        client(chunk.toString(), converted.toString());
        if (!streaming) {
            for (int b = 0; b < boundaries; b++) {
                absorbed();
            }
        }
        outstanding.add(tag);
    }

    private String literalData(int size, boolean binary) {
        String alphabet = binary ? "\0\1ab\r\n{}+~ \u00ff" : "\1ab\r\n{5}+~ ()\"\u00e9";
        StringBuilder data = new StringBuilder(size);
        for (int i = 0; i < size; i++) {
            data.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return data.toString();
    }

    private void complete() {
        String tag = outstanding.remove(random.nextInt(outstanding.size()));
        String[] answers = {" OK done\r\n", " NO [TRYCREATE] no such mailbox\r\n", " BAD unknown\r\n",
            " OK [APPENDUID 7 12] APPEND completed\r\n"};
        server(tag + answers[random.nextInt(answers.length)]);
    }

    private void idle() {
        String tag = tag();
        client(tag + " IDLE\r\n", tag + " IDLE\r\n");
        server("+ idling\r\n");
        for (int i = random.nextInt(3); i > 0; i--) {
            server(untagged());
        }
        client("DONE\r\n", "DONE\r\n");
        server(tag + " OK IDLE terminated\r\n");
    }

    private String untagged() {
        int n = 1 + random.nextInt(999);
        return switch (random.nextInt(7)) {
            case 0 -> "* " + n + " EXISTS\r\n";
            case 1 -> "* OK [UIDNEXT " + n + "] Predicted next UID\r\n";
            case 2 -> "* LIST (\\HasNoChildren) \"/\" \"Sent Items\"\r\n";
            case 3 -> fetch(n);
            case 4 -> "* " + n + " FETCH (UID " + n + " BINARY[1] ~{4}\r\n\0\1\0\2 FLAGS (\\Seen))\r\n";
            case 5 -> "* CAPABILITY IMAP4rev1 IDLE" + (literalPlus ? " LITERAL+" : "") + "\r\n";
            default -> "* SEARCH" + " 12345".repeat(random.nextInt(20) == 0 ? 12_000 : 3) + "\r\n";
        };
    }

    private String fetch(int n) {
        StringBuilder fetch = new StringBuilder("* " + n + " FETCH (UID " + n);
        for (int i = 1 + random.nextInt(2); i > 0; i--) {
            int size = random.nextInt(2 * inlineLimit + 100);
            fetch.append(" BODY[").append(i).append("] {").append(size).append("}\r\n").append(literalData(size, false));
        }
        return fetch.append(" FLAGS (\\Seen))\r\n").toString();
    }

    private String unparsed() {
        return random.nextBoolean()
                ? "* 1 FETCH (BODY[] \"x\"y {5}\r\nhe\r\no)\r\n"
                : "* STRANGE (((unbalanced\r\n";
    }

    static byte[] bytes(String latin1) {
        return latin1.getBytes(StandardCharsets.ISO_8859_1);
    }
}
