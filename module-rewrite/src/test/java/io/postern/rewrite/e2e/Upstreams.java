package io.postern.rewrite.e2e;

import com.icegreen.greenmail.util.GreenMail;
import io.postern.module.LoadedModule;
import io.postern.spi.AuthDecision;
import io.postern.spi.Credentials;
import io.postern.spi.UpstreamAddress;
import io.postern.testing.StaticAuthModule;
import java.util.Map;
import java.util.Optional;

/** An auth phase for the end-to-end tests: known users go to the embedded server of their protocol. */
final class Upstreams {

    private Upstreams() {
    }

    /**
     * Accepts each login of {@code passwords} and sends it to {@code upstream}'s server of the
     * session's protocol, with {@code attributes} (a group) in the decision.
     */
    static LoadedModule auth(GreenMail upstream, Map<String, String> passwords, Map<String, String> attributes) {
        return StaticAuthModule.of(request -> {
            if (!(request.credentials() instanceof Credentials.Plain plain)
                    || !plain.password().equals(passwords.get(plain.user()))) {
                return StaticAuthModule.answer(AuthDecision.rejected("Authentication failed"));
            }
            int port = switch (request.session().protocol()) {
                case IMAP -> upstream.getImap().getPort();
                case POP3 -> upstream.getPop3().getPort();
                case SMTP -> upstream.getSmtp().getPort();
            };
            return StaticAuthModule.answer(new AuthDecision.Accepted(Optional.empty(), Optional.empty(),
                    Optional.of(new UpstreamAddress("127.0.0.1", port)), attributes));
        });
    }

    static LoadedModule auth(GreenMail upstream, Map<String, String> passwords) {
        return auth(upstream, passwords, Map.of());
    }
}
