package io.postern.realservers;

import io.postern.module.LoadedModule;
import io.postern.spi.AuthDecision;
import io.postern.spi.Authenticator;
import io.postern.spi.Credentials;
import io.postern.spi.Protocol;
import io.postern.spi.UpstreamAddress;
import io.postern.testing.PosternFixture;
import io.postern.testing.StaticAuthModule;
import io.postern.testing.upstreams.MailServers;
import io.postern.testing.upstreams.MailUser;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Postern in-process with an IMAP, a POP3 and an SMTP server ({@code xclient = on}) in front
 * of real {@link MailServers}. Its auth phase knows the servers' users and their passwords and
 * sends each protocol to its real server; one extra user, {@link #STALE}, is accepted by
 * Postern but unknown to Dovecot, to see the upstream's own refusal.
 */
final class PosternInFront implements AutoCloseable {

    /** Accepted by Postern's auth phase, refused by Dovecot. */
    static final MailUser STALE = new MailUser("stale", "stale-secret");

    private final PosternFixture postern;

    private PosternInFront(PosternFixture postern) {
        this.postern = postern;
    }

    static PosternInFront start(Path dir, MailServers servers) throws Exception {
        return start(dir, servers, "");
    }

    /**
     * With {@code directives} added to the mail block (after the ones above, so they may override
     * them), and {@code modules} besides the auth phase's.
     */
    static PosternInFront start(Path dir, MailServers servers, String directives, LoadedModule... modules)
            throws Exception {
        LoadedModule[] all = new LoadedModule[modules.length + 1];
        all[0] = StaticAuthModule.of(route(servers));
        System.arraycopy(modules, 0, all, 1, modules.length);
        return new PosternInFront(PosternFixture.start(dir, """
                mail {
                  server_name = postern.test
                  imap_auth = [plain, login]
                  pop3_auth = [plain]
                  smtp_auth = [plain, login]
                  xclient = on
                  proxy_pass_error_message = on
                  %s
                  servers {
                    imap { protocol = imap, listen = "127.0.0.1:0" }
                    pop3 { protocol = pop3, listen = "127.0.0.1:0" }
                    smtp { protocol = smtp, listen = "127.0.0.1:0" }
                  }
                }
                """.formatted(directives), all));
    }

    private static Authenticator route(MailServers servers) {
        return request -> {
            if (!(request.credentials() instanceof Credentials.Plain plain) || !known(servers, plain)) {
                return StaticAuthModule.answer(AuthDecision.rejected("Authentication failed"));
            }
            UpstreamAddress upstream = switch (request.session().protocol()) {
                case IMAP -> servers.imap();
                case POP3 -> servers.pop3();
                case SMTP -> servers.smtp();
            };
            return StaticAuthModule.answer(new AuthDecision.Accepted(Optional.empty(), Optional.empty(),
                    Optional.of(upstream), Map.of()));
        };
    }

    private static boolean known(MailServers servers, Credentials.Plain plain) {
        return servers.users().stream().anyMatch(u -> u.name().equals(plain.user()) && u.password().equals(plain.password()))
                || STALE.name().equals(plain.user()) && STALE.password().equals(plain.password());
    }

    InetSocketAddress address(Protocol protocol) {
        return postern.address(protocol.ordinal());
    }

    InetSocketAddress imap() {
        return address(Protocol.IMAP);
    }

    InetSocketAddress pop3() {
        return address(Protocol.POP3);
    }

    InetSocketAddress smtp() {
        return address(Protocol.SMTP);
    }

    @Override
    public void close() {
        postern.close();
    }
}
