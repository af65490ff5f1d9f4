package io.postern.rewrite.e2e;

import io.postern.module.LoadedModule;
import io.postern.spi.AuthDecision;
import io.postern.spi.Credentials;
import io.postern.testing.StaticAuthModule;
import io.postern.testing.upstreams.MailServers;
import java.util.Map;
import java.util.Optional;

/** An auth phase that accepts the real servers' users and sends IMAP sessions to their Dovecot. */
final class DovecotAuth {

    private DovecotAuth() {
    }

    static LoadedModule of(MailServers servers) {
        return of(servers, Map.of());
    }

    /** With {@code attributes} (a group) in every accepted decision. */
    static LoadedModule of(MailServers servers, Map<String, String> attributes) {
        return StaticAuthModule.of(request -> {
            boolean known = request.credentials() instanceof Credentials.Plain plain && servers.users().stream()
                    .anyMatch(u -> u.name().equals(plain.user()) && u.password().equals(plain.password()));
            return StaticAuthModule.answer(known
                    ? new AuthDecision.Accepted(Optional.empty(), Optional.empty(), Optional.of(servers.imap()),
                            attributes)
                    : AuthDecision.rejected("Authentication failed"));
        });
    }
}
