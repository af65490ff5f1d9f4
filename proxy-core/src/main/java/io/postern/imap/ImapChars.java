package io.postern.imap;

/**
 * Byte classes of the IMAP grammar (RFC 3501 / RFC 9051), as lookup tables.
 *
 * <ul>
 *   <li>tag: ASTRING-CHAR except {@code +}, i.e. {@code %x21-7E} except
 *       {@code ( ) { % * " \ +};</li>
 *   <li>atom (the verb): ATOM-CHAR, i.e. {@code %x21-7E} except {@code ( ) { % * " \ ]};</li>
 *   <li>argument atom: ATOM-CHAR plus {@code ]} (ASTRING-CHAR), the list wildcards
 *       {@code % *}, and bytes {@code >= 0x80} (UTF-8, an invalid byte kept as the client sent
 *       it: see {@link io.postern.spi.WireText#decode});</li>
 *   <li>quoted: any byte except NUL, CR, LF, {@code "} and {@code \}.</li>
 * </ul>
 */
public final class ImapChars {

    static final byte CR = '\r';
    static final byte LF = '\n';
    static final byte SP = ' ';

    private static final boolean[] TAG = new boolean[256];
    private static final boolean[] ATOM = new boolean[256];
    private static final boolean[] ARGUMENT_ATOM = new boolean[256];
    private static final boolean[] QUOTED = new boolean[256];

    static {
        for (int c = 0x21; c < 0x7F; c++) {
            ATOM[c] = "(){%*\"\\]".indexOf(c) < 0;
            TAG[c] = (ATOM[c] || c == ']') && c != '+';
            ARGUMENT_ATOM[c] = ATOM[c] || c == ']' || c == '%' || c == '*';
        }
        for (int c = 0x80; c < 0x100; c++) {
            ARGUMENT_ATOM[c] = true;
        }
        for (int c = 1; c < 0x100; c++) {
            QUOTED[c] = c != CR && c != LF && c != '"' && c != '\\';
        }
    }

    private ImapChars() {
    }

    /** Whether {@code b} may be part of a tag. */
    public static boolean isTagChar(byte b) {
        return TAG[b & 0xFF];
    }

    /** Whether {@code b} may be part of a command or response name. */
    public static boolean isAtomChar(byte b) {
        return ATOM[b & 0xFF];
    }

    static boolean isArgumentAtomChar(byte b) {
        return ARGUMENT_ATOM[b & 0xFF];
    }

    static boolean isQuotedChar(byte b) {
        return QUOTED[b & 0xFF];
    }
}
