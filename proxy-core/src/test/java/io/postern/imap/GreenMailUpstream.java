package io.postern.imap;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.postern.spi.UpstreamAddress;

/** An embedded GreenMail IMAP server on a free loopback port, with one user. */
final class GreenMailUpstream implements AutoCloseable {

    static final String USER = "bob@localhost";
    static final String PASSWORD = "s3cr3t-Pa55";

    final GreenMail greenMail;
    final GreenMailUser user;

    GreenMailUpstream() {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP));
        greenMail.start();
        user = greenMail.setUser(USER, USER, PASSWORD);
    }

    UpstreamAddress address() {
        return new UpstreamAddress("127.0.0.1", greenMail.getImap().getPort());
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
