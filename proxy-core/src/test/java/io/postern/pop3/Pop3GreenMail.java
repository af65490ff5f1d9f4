package io.postern.pop3;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.postern.spi.UpstreamAddress;

/** An embedded GreenMail POP3 server on a free loopback port, with one user. */
final class Pop3GreenMail implements AutoCloseable {

    static final String USER = "bob@localhost";
    static final String PASSWORD = "s3cr3t-Pa55";

    private final GreenMail greenMail;
    private final GreenMailUser user;

    Pop3GreenMail() {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_POP3));
        greenMail.start();
        user = greenMail.setUser(USER, USER, PASSWORD);
    }

    UpstreamAddress address() {
        return new UpstreamAddress("127.0.0.1", greenMail.getPop3().getPort());
    }

    /** Puts a text message into the user's mailbox. */
    void deliver(String subject, String body) {
        user.deliver(GreenMailUtil.createTextEmail(USER, "alice@localhost", subject, body, greenMail.getPop3()
                .getServerSetup()));
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
