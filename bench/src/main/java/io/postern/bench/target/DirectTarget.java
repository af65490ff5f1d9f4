package io.postern.bench.target;

import io.postern.bench.report.Summary;
import java.net.InetSocketAddress;
import java.util.OptionalLong;

/**
 * No proxy: the clients talk to Dovecot (imap, imaps with its own certificate, pop3) and Postfix themselves. The baseline every proxy's
 * figures are compared with ("vs direct"), and what the upstreams alone can do.
 */
public record DirectTarget(InetSocketAddress imap, InetSocketAddress imaps, InetSocketAddress pop3, InetSocketAddress smtp)
        implements RunningTarget {

    @Override
    public String name() {
        return Summary.DIRECT;
    }

    @Override
    public OptionalLong pid() {
        return OptionalLong.empty();
    }

    @Override
    public void close() {
        // the upstreams belong to the run (env.Upstreams), not to this target
    }
}
