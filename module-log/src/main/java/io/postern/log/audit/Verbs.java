package io.postern.log.audit;

import io.postern.spi.Protocol;
import java.util.Map;
import java.util.Set;

/**
 * What module-log knows of each protocol's command names: the bounded set used as metric
 * labels (every other verb is {@code other}, so a client cannot grow the metrics), and the
 * verbs whose arguments are never written anywhere.
 */
public final class Verbs {

    /** The label of every verb outside a protocol's known set. */
    public static final String OTHER = "other";

    /**
     * Commands whose arguments are credentials, redacted whatever the protocol and whatever
     * their arguments look like: after login they should not occur, and when a client sends one
     * anyway its arguments are still a password or a SASL payload.
     */
    private static final Set<String> CREDENTIALS = Set.of("LOGIN", "AUTHENTICATE", "AUTH", "USER", "PASS", "APOP");

    /** Commands that start a SASL exchange: until their final answer, the client's lines are SASL responses. */
    private static final Set<String> SASL = Set.of("AUTHENTICATE", "AUTH");

    private static final Map<Protocol, Set<String>> KNOWN = Map.of(
            Protocol.IMAP, Set.of(
                    // RFC 9051 and RFC 3501
                    "CAPABILITY", "NOOP", "LOGOUT", "STARTTLS", "AUTHENTICATE", "LOGIN", "ENABLE", "SELECT",
                    "EXAMINE", "CREATE", "DELETE", "RENAME", "SUBSCRIBE", "UNSUBSCRIBE", "LIST", "LSUB",
                    "NAMESPACE", "STATUS", "APPEND", "IDLE", "CHECK", "CLOSE", "UNSELECT", "EXPUNGE", "SEARCH",
                    "FETCH", "STORE", "COPY", "MOVE", "UID FETCH", "UID SEARCH", "UID STORE", "UID COPY",
                    "UID MOVE", "UID EXPUNGE",
                    // common extensions: ID, QUOTA, ACL, METADATA, SORT/THREAD, COMPRESS, NOTIFY
                    "ID", "GETQUOTA", "GETQUOTAROOT", "SETQUOTA", "GETACL", "SETACL", "DELETEACL", "LISTRIGHTS",
                    "MYRIGHTS", "GETMETADATA", "SETMETADATA", "SORT", "UID SORT", "THREAD", "UID THREAD",
                    "COMPRESS", "NOTIFY"),
            Protocol.POP3, Set.of(
                    // RFC 1939, RFC 2449, RFC 5034, RFC 2595, RFC 6856
                    "USER", "PASS", "APOP", "AUTH", "QUIT", "STAT", "LIST", "RETR", "DELE", "NOOP", "RSET", "TOP",
                    "UIDL", "CAPA", "STLS", "UTF8", "LANG"),
            Protocol.SMTP, Set.of(
                    // RFC 5321, RFC 3030, RFC 4954, RFC 3207, and Postfix's XCLIENT/XFORWARD
                    "HELO", "EHLO", "MAIL", "RCPT", "DATA", "BDAT", "RSET", "VRFY", "EXPN", "HELP", "NOOP", "QUIT",
                    "AUTH", "STARTTLS", "XCLIENT", "XFORWARD", "ETRN"));

    private Verbs() {
    }

    /** Whether {@code verb} (upper case) is one of the protocol's commands module-log knows. */
    public static boolean known(Protocol protocol, String verb) {
        return KNOWN.get(protocol).contains(verb);
    }

    /** {@code verb} when it is known for the protocol, otherwise {@link #OTHER}: a bounded label. */
    public static String label(Protocol protocol, String verb) {
        return known(protocol, verb) ? verb : OTHER;
    }

    /** Whether the arguments of {@code verb} are credentials, never to be written. */
    public static boolean hidesArguments(String verb) {
        return CREDENTIALS.contains(verb);
    }

    /** Whether {@code verb} starts a SASL exchange. */
    static boolean startsSasl(String verb) {
        return SASL.contains(verb);
    }
}
