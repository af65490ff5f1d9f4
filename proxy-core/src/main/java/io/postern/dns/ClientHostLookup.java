package io.postern.dns;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.AddressedEnvelope;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DefaultDnsRecordDecoder;
import io.netty.handler.codec.dns.DnsPtrRecord;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponse;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverTimeoutException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import io.postern.spi.ClientHost;
import io.postern.spi.WireText;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One client's host lookup, as nginx's {@code ngx_mail_smtp_resolve_addr_handler} and
 * {@code ngx_mail_smtp_resolve_name_handler} do it: a PTR query for the address; the name must
 * hold only {@code [A-Za-z0-9.-]} (CVE-2026-28753); then A and AAAA queries for the name, one of
 * whose addresses must be the client's. Each of the two steps has {@code resolver_timeout}; a
 * query that goes unanswered is sent again to the next name server, as nginx resends. The
 * outcome, in nginx's words:
 * <ul>
 * <li>the name, when both steps agree;</li>
 * <li>{@code [UNAVAILABLE]} for NXDOMAIN or an empty answer (either step), or a forward lookup
 *     without the client's address;</li>
 * <li>{@code [TEMPUNAVAIL]} for a timeout, any other error code, a PTR answer without a PTR
 *     record, or a name with other characters.</li>
 * </ul>
 * Runs on the client's event loop; never blocks it.
 */
final class ClientHostLookup {

    /** nginx's {@code NGX_RESOLVER_MAX_RECURSION}: how many CNAMEs a forward lookup follows. */
    private static final int MAX_CNAMES = 50;

    private final DnsNameResolver resolver;
    private final EventLoop loop;
    private final ResolverSettings settings;
    private final InetAddress client;
    private final Consumer<String> log;
    private final Promise<Lookup> result;
    private ScheduledFuture<?> deadline;
    private int pendingForward;
    private final List<InetAddress> forwardAddresses = new ArrayList<>();
    /** The first error code other than NXDOMAIN a forward query got; null while there is none. */
    private String forwardFailure;
    private long minTtl = Long.MAX_VALUE;
    private String name;

    /** The outcome, and for how long a {@link ClientHost.Name} may be kept (the shortest TTL seen). */
    record Lookup(ClientHost host, long ttlSeconds) {
    }

    /** @param log where to tell the operator why there is no name, every value already escaped */
    private ClientHostLookup(DnsNameResolver resolver, EventLoop loop, ResolverSettings settings, InetAddress client,
                             Consumer<String> log, Promise<Lookup> result) {
        this.resolver = resolver;
        this.loop = loop;
        this.settings = settings;
        this.client = client;
        this.log = log;
        this.result = result;
    }

    /** Starts the lookup of {@code client} on {@code loop}; the future never fails. */
    static Future<Lookup> start(DnsNameResolver resolver, EventLoop loop, ResolverSettings settings,
                                InetAddress client, Consumer<String> log) {
        Promise<Lookup> result = loop.newPromise();
        ClientHostLookup lookup = new ClientHostLookup(resolver, loop, settings, client, log, result);
        loop.execute(lookup::reverse);
        return result;
    }

    private void reverse() {
        armDeadline(() -> {
            log.accept(clientText() + " could not be resolved (timed out)");
            finish(new ClientHost.TempUnavailable());
        });
        query(reverseName(client), DnsRecordType.PTR, this::onPtr);
    }

    private void onPtr(DnsResponse response) {
        DnsResponseCode code = response.code();
        if (!code.equals(DnsResponseCode.NOERROR) || response.count(DnsSection.ANSWER) == 0) {
            boolean nxdomain = code.equals(DnsResponseCode.NXDOMAIN) || code.equals(DnsResponseCode.NOERROR);
            log.accept(clientText() + " could not be resolved (" + (nxdomain ? "Host not found" : code) + ")");
            finish(nxdomain ? new ClientHost.Unavailable() : new ClientHost.TempUnavailable());
            return;
        }
        String found = null;
        for (int i = 0; i < response.count(DnsSection.ANSWER) && found == null; i++) {
            DnsRecord record = response.recordAt(DnsSection.ANSWER, i);
            if (record instanceof DnsPtrRecord ptr) {
                found = withoutRootDot(ptr.hostname());
                minTtl = Math.min(minTtl, record.timeToLive());
            }
        }
        if (found == null) {
            log.accept(clientText() + " could not be resolved (no PTR record in the answer)");
            finish(new ClientHost.TempUnavailable());
            return;
        }
        if (!ClientHost.Name.valid(found)) {
            log.accept(clientText() + " resolved to invalid host name \"" + WireText.escape(found) + "\"");
            finish(new ClientHost.TempUnavailable());
            return;
        }
        name = found;
        forward();
    }

    private void forward() {
        cancelDeadline();
        armDeadline(() -> {
            log.accept("\"" + name + "\" could not be resolved (timed out)");
            finish(new ClientHost.TempUnavailable());
        });
        forward(name, 0);
    }

    private void forward(String target, int cnames) {
        if (settings.ipv4()) {
            forwardQuery(target, DnsRecordType.A, cnames);
        }
        if (settings.ipv6()) {
            forwardQuery(target, DnsRecordType.AAAA, cnames);
        }
    }

    private void forwardQuery(String target, DnsRecordType type, int cnames) {
        pendingForward++;
        query(target, type, response -> onAddresses(response, type, cnames));
    }

    private void onAddresses(DnsResponse response, DnsRecordType type, int cnames) {
        pendingForward--;
        DnsResponseCode code = response.code();
        String cname = null;
        if (code.equals(DnsResponseCode.NOERROR)) {
            boolean addresses = false;
            for (int i = 0; i < response.count(DnsSection.ANSWER); i++) {
                DnsRecord record = response.recordAt(DnsSection.ANSWER, i);
                if (record.type().equals(type) && record instanceof DnsRawRecord raw) {
                    address(raw.content()).ifPresent(forwardAddresses::add);
                    minTtl = Math.min(minTtl, record.timeToLive());
                    addresses = true;
                } else if (record.type().equals(DnsRecordType.CNAME) && record instanceof DnsRawRecord raw) {
                    cname = withoutRootDot(DefaultDnsRecordDecoder.decodeName(raw.content().duplicate()));
                }
            }
            if (!addresses && cname != null && cnames < MAX_CNAMES) {
                forwardQuery(cname, type, cnames + 1);
                return;
            }
        } else if (!code.equals(DnsResponseCode.NXDOMAIN)) {
            forwardFailure = code.toString();
        }
        if (pendingForward > 0) {
            return;
        }
        if (forwardAddresses.contains(client)) {
            finish(new ClientHost.Name(name));
        } else if (forwardAddresses.isEmpty() && forwardFailure != null) {
            log.accept("\"" + name + "\" could not be resolved (" + forwardFailure + ")");
            finish(new ClientHost.TempUnavailable());
        } else {
            log.accept("\"" + name + "\" does not resolve to " + clientText());
            finish(new ClientHost.Unavailable());
        }
    }

    /** One question, sent again to the next name server each time it goes unanswered, until the deadline. */
    private void query(String question, DnsRecordType type, Consumer<DnsResponse> onResponse) {
        if (result.isDone()) {
            return;
        }
        resolver.query(new DefaultDnsQuestion(question, type)).addListener(
                (Future<AddressedEnvelope<DnsResponse, InetSocketAddress>> f) -> {
                    if (f.cause() instanceof DnsNameResolverTimeoutException) {
                        query(question, type, onResponse); // the next server, as nginx resends
                        return;
                    }
                    if (!f.isSuccess()) {
                        log.accept("\"" + WireText.escape(question) + "\" could not be resolved ("
                                + WireText.escape(String.valueOf(f.cause())) + ")");
                        finish(new ClientHost.TempUnavailable());
                        return;
                    }
                    AddressedEnvelope<DnsResponse, InetSocketAddress> envelope = f.getNow();
                    try {
                        if (!result.isDone()) {
                            onResponse.accept(envelope.content());
                        }
                    } finally {
                        ReferenceCountUtil.release(envelope);
                    }
                });
    }

    private void finish(ClientHost host) {
        cancelDeadline();
        result.trySuccess(new Lookup(host, minTtl == Long.MAX_VALUE ? 0 : minTtl));
    }

    private void armDeadline(Runnable onTimeout) {
        deadline = loop.schedule(() -> {
            if (!result.isDone()) {
                onTimeout.run();
            }
        }, settings.timeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    private void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    private String clientText() {
        return io.netty.util.NetUtil.toAddressString(client);
    }

    private static java.util.Optional<InetAddress> address(ByteBuf content) {
        int length = content.readableBytes();
        if (length != 4 && length != 16) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(InetAddress.getByAddress(ByteBufUtil.getBytes(content)));
        } catch (UnknownHostException e) {
            return java.util.Optional.empty();
        }
    }

    private static String withoutRootDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    /** {@code 4.3.2.1.in-addr.arpa.}, or the 32 nibbles of an IPv6 address under {@code ip6.arpa.}. */
    static String reverseName(InetAddress address) {
        byte[] b = address.getAddress();
        StringBuilder sb = new StringBuilder(72);
        if (b.length == 4) {
            for (int i = 3; i >= 0; i--) {
                sb.append(b[i] & 0xff).append('.');
            }
            return sb.append("in-addr.arpa.").toString();
        }
        for (int i = 15; i >= 0; i--) {
            sb.append(Character.forDigit(b[i] & 0xf, 16)).append('.')
                    .append(Character.forDigit((b[i] >> 4) & 0xf, 16)).append('.');
        }
        return sb.append("ip6.arpa.").toString();
    }
}
