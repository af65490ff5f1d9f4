package io.postern.engine;

import io.netty.channel.Channel;
import io.netty.util.concurrent.Promise;

/**
 * A protocol's upstream login (nginx's {@code ngx_mail_proxy_*_handler}): installed on a
 * freshly connected upstream channel, it reads the greeting, replays the login and completes
 * the promise with the result. It must remove its handlers when it completes, leaving bytes
 * that arrived after the login reply to whatever is installed next.
 */
@FunctionalInterface
public interface UpstreamLogin {

    /**
     * Starts the login on {@code upstream}, on its event loop.
     *
     * @param login the login to present (the auth decision may have replaced the client's)
     * @param password the password to present
     */
    void start(Channel upstream, String login, String password, Promise<UpstreamLoginResult> result);

    /**
     * Whether this login presents a password to the upstream. When it does and neither the
     * client (in clear) nor the auth decision supplied one, the login fails with the internal
     * error before connecting (nginx: "did not send password"); when it does not, the password
     * passed to {@link #start} is empty.
     */
    default boolean needsPassword() {
        return true;
    }
}
