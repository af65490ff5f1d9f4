package io.postern.bench.env;

import io.postern.testing.upstreams.MailUser;
import java.util.List;

/** The mailboxes of the benchmark, one per scenario so that none sees another's mail. */
public final class BenchUsers {

    public static final MailUser LOGIN = new MailUser("login", "bench-login");
    public static final MailUser RELAY = new MailUser("relay", "bench-relay");
    public static final MailUser IDLE = new MailUser("idle", "bench-idle");
    public static final MailUser NOOP = new MailUser("noop", "bench-noop");
    public static final MailUser SUBMIT = new MailUser("submit", "bench-submit");
    /** The POP3 scenario's: one message, retrieved and never deleted. */
    public static final MailUser POP = new MailUser("pop", "bench-pop");

    public static final List<MailUser> ALL = List.of(LOGIN, RELAY, IDLE, NOOP, SUBMIT, POP);

    private BenchUsers() {
    }
}
