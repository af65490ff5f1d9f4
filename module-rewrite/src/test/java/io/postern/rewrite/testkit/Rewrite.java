package io.postern.rewrite.testkit;

import io.postern.rewrite.RewriteModule;
import io.postern.spi.SessionInfo;
import io.postern.spi.imap.ImapFilter;
import io.postern.spi.pop3.Pop3Filter;
import io.postern.spi.smtp.SmtpFilter;
import java.util.Optional;

/** module-rewrite configured on a test config, its filters opened for sessions. */
public final class Rewrite {

    private final TestConfig config;
    private final FakeModuleContext context;

    private Rewrite(TestConfig config) {
        this.config = config;
        this.context = new FakeModuleContext(config);
        new RewriteModule().configure(context);
    }

    /** The module configured with {@code hocon} (a whole {@code mail { }} block). */
    public static Rewrite configure(String hocon) {
        return new Rewrite(TestConfig.parse(hocon));
    }

    public TestConfig config() {
        return config;
    }

    public FakeModuleContext context() {
        return context;
    }

    public Optional<ImapFilter> imap(SessionInfo session) {
        return context.imap.isEmpty() ? Optional.empty() : context.imap.get(RewriteModule.FILTER).open(session);
    }

    /** The session's POP3 filter, its answers paired with its commands as the core pairs them. */
    public Optional<Pop3Filter> pop3(SessionInfo session) {
        return context.pop3.isEmpty() ? Optional.empty()
                : context.pop3.get(RewriteModule.FILTER).open(session).map(InOrder::pop3);
    }

    /** The session's SMTP filter, its replies paired with its commands as the core pairs them. */
    public Optional<SmtpFilter> smtp(SessionInfo session) {
        return context.smtp.isEmpty() ? Optional.empty()
                : context.smtp.get(RewriteModule.FILTER).open(session).map(InOrder::smtp);
    }

    /** The IMAP filter of {@code login} on server {@code server}, which must exist. */
    public ImapFilter imap(String server, String login) {
        return imap(FakeSession.of(config.server(server), login)).orElseThrow();
    }

    public Pop3Filter pop3(String server, String login) {
        return pop3(FakeSession.of(config.server(server), login)).orElseThrow();
    }

    public SmtpFilter smtp(String server, String login) {
        return smtp(FakeSession.of(config.server(server), login)).orElseThrow();
    }
}
