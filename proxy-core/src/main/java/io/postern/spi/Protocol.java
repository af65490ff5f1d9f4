package io.postern.spi;

import java.util.Locale;

/** The mail protocols a server block can speak. */
public enum Protocol {
    IMAP, POP3, SMTP;

    /** The lower-case name used in the config and in nginx's {@code Auth-Protocol} header. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
