package io.postern.smtp;

import io.postern.module.Named;
import io.postern.spi.ServerConfig;
import io.postern.spi.filter.FilterFactory;
import io.postern.spi.smtp.SmtpFilter;
import java.util.Optional;
import java.util.function.Function;

/**
 * Keeps a logged-in client from speaking XCLIENT to its upstream. With {@code xclient = on} the
 * upstream trusts XCLIENT from Postern's address, so on the raw relay a client could send
 * {@code XCLIENT LOGIN=someone-else} after its own login and act as another user (nginx has
 * the same hole). This filter changes nothing itself; asking for it puts the session on the
 * framed relay, which refuses XCLIENT, XFORWARD, AUTH and STARTTLS after login before any
 * filter sees them. The price is the framing of the session's commands; message data is
 * still streamed.
 */
final class XclientGuard implements SmtpFilter {

    /** The core's own factory, first in the SMTP filter phase. */
    static Named<FilterFactory<SmtpFilter>> factory(Function<ServerConfig, SmtpSettings> settings) {
        FilterFactory<SmtpFilter> factory = session -> settings.apply(session.server()).xclient()
                ? Optional.of(new XclientGuard()) : Optional.empty();
        return new Named<>("core", "xclient_guard", factory);
    }
}
