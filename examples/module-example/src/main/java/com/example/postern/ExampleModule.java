package com.example.postern;

import io.postern.spi.Directive;
import io.postern.spi.DirectiveType;
import io.postern.spi.ModuleContext;
import io.postern.spi.PosternModule;
import io.postern.spi.ServerConfig;
import io.postern.spi.UpstreamAddress;
import java.util.List;
import java.util.Optional;

/**
 * The example module: declares its directives, then registers one handler of each kind. Postern
 * finds this class through {@code META-INF/services/io.postern.spi.PosternModule}.
 */
public final class ExampleModule implements PosternModule {

    static final String USERS = "example_users";
    static final String UPSTREAM = "example_upstream";
    static final String PROTECTED = "example_protected_mailboxes";

    @Override
    public List<Directive> directives() {
        // The users and their upstream are read once, from the mail block: written in a server
        // block they would be ignored, so the core refuses them there (SPI 1.4).
        return List.of(Directive.of(USERS, DirectiveType.STRING_LIST).mailBlockOnly(),
                Directive.of(UPSTREAM, DirectiveType.STRING).mailBlockOnly(),
                Directive.of(PROTECTED, DirectiveType.STRING_LIST));
    }

    @Override
    public void configure(ModuleContext context) {
        ServerConfig mail = context.mail();
        // A value of the right type that cannot be used is an IllegalArgumentException naming
        // the directive and the value; Postern adds the file and line where it was set.
        HashedUsers users = HashedUsers.parse(USERS, mail.strings(USERS));
        UpstreamAddress upstream = upstream(mail.string(UPSTREAM));
        context.addAuthenticator("example_users", new HashedUsersAuthenticator(users, upstream));
        // One filter per IMAP session, with the protected mailboxes of the session's server.
        context.addImapFilter("example_protect",
                session -> Optional.of(new ProtectedMailboxFilter(session.server().strings(PROTECTED))));
        context.addSessionListener("example_sessions", new SessionLineListener());
    }

    private static UpstreamAddress upstream(String value) {
        int colon = value.lastIndexOf(':');
        try {
            return new UpstreamAddress(value.substring(0, colon), Integer.parseInt(value.substring(colon + 1)));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(UPSTREAM + ": " + value + " (expected: host:port)");
        }
    }
}
