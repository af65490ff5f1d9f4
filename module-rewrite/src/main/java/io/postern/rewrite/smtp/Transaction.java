package io.postern.rewrite.smtp;

/**
 * The recipients of the message being built, counted for the {@code recipients} limit: a
 * {@code RCPT TO} counts when it is sent to the server and stops counting when the server
 * refuses it. {@code MAIL}, {@code RSET}, {@code EHLO} and {@code HELO} start a new
 * transaction, as does the answer that ends a message ({@code DATA}'s final reply,
 * {@code BDAT … LAST}'s). Each counted command remembers its transaction, so that late
 * answers of pipelined commands never touch the next one's count.
 */
final class Transaction {

    private int generation;
    private int recipients;

    /** The current transaction, for a command sent now. */
    int current() {
        return generation;
    }

    int recipients() {
        return recipients;
    }

    void restart() {
        generation++;
        recipients = 0;
    }

    /** A recipient sent to the server; returns its transaction. */
    int addRecipient() {
        recipients++;
        return generation;
    }

    /** The server refused a recipient of transaction {@code of}. */
    void refused(int of) {
        if (of == generation && recipients > 0) {
            recipients--;
        }
    }

    /** The message of transaction {@code of} was answered: the next one starts from zero. */
    void ended(int of) {
        if (of == generation) {
            restart();
        }
    }
}
