package io.postern.bench.load;

/**
 * The end of one IMAP command: its tagged status line and how many literal bytes came with
 * the untagged responses before it.
 */
public record ImapReply(String status, long literalBytes) {

    public boolean ok() {
        int space = status.indexOf(' ');
        return space > 0 && status.startsWith("OK", space + 1);
    }
}
