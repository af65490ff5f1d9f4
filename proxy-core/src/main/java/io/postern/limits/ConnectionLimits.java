package io.postern.limits;

import io.postern.spi.Refusal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The process-wide counts behind the CONNECT phase's limits and the per-user limits after AUTH:
 * one instance serves every listener and every event loop. Counts are kept whatever a server's
 * limits (a limit of 0 only means the server does not refuse on it), except that clients in a
 * server's {@code limit_conn_exempt} are not counted per address. What an {@link Admission}
 * counted is given back when its {@link Lease} is closed.
 *
 * <p>Thread-safe without a global lock: the process-wide count is an atomic integer, and each
 * per-key count changes atomically in its own hash bin.
 */
public final class ConnectionLimits {

    /** The most addresses whose connection rate is tracked at once (about 10 MB at most). */
    public static final int RATE_TABLE_CAPACITY = 100_000;

    private record UserIp(String login, String address) {
    }

    private volatile int total;
    private final AtomicInteger open = new AtomicInteger();
    private final ConnectionCounter<String> perIp = new ConnectionCounter<>();
    private final ConnectionCounter<String> perUser = new ConnectionCounter<>();
    private final ConnectionCounter<UserIp> perUserIp = new ConnectionCounter<>();
    private final RateLimiter rates;
    private final LongSupplier nanoClock;
    private volatile Optional<SharedSessions> shared = Optional.empty();

    /** @param total {@code limit_conn_total}: client connections open at once in the whole process */
    public ConnectionLimits(int total) {
        this(total, RATE_TABLE_CAPACITY, System::nanoTime);
    }

    ConnectionLimits(int total, int rateTableCapacity, LongSupplier nanoClock) {
        if (total < 1) {
            throw new IllegalArgumentException("total: " + total + " (expected: >= 1)");
        }
        this.total = total;
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.rates = new RateLimiter(rateTableCapacity, nanoClock.getAsLong());
    }

    /**
     * Sets {@code limit_conn_total} of a reloaded configuration; the connections open now keep
     * counting against it (a lower limit refuses new ones until enough have closed).
     */
    public void total(int total) {
        if (total < 1) {
            throw new IllegalArgumentException("total: " + total + " (expected: >= 1)");
        }
        this.total = total;
    }

    /**
     * The CONNECT phase: {@code access}, then {@code limit_conn_rate}, {@code limit_conn_per_ip}
     * and {@code limit_conn_total}, for a client of a server with {@code limits}.
     */
    public Admission admitConnection(InetSocketAddress client, LimitSettings limits) {
        if (!limits.access().allows(client)) {
            return new Admission.Refused(Refusal.ACCESS_DENIED);
        }
        boolean exempt = limits.exempts(client);
        String address = AddressKey.of(client.getAddress());
        if (!exempt && limits.rate().on()
                && !rates.tryAcquire(address, limits.rate(), limits.rateBurst(), nanoClock.getAsLong())) {
            return new Admission.Refused(Refusal.CONNECTION_RATE);
        }
        if (!exempt && !perIp.tryAcquire(address, orUnlimited(limits.perIp()))) {
            return new Admission.Refused(Refusal.CONNECTIONS_PER_IP);
        }
        if (!tryOpen()) {
            if (!exempt) {
                perIp.release(address);
            }
            return new Admission.Refused(Refusal.CONNECTIONS_TOTAL);
        }
        return new Admission.Admitted(new Lease(() -> {
            open.decrementAndGet();
            if (!exempt) {
                perIp.release(address);
            }
        }));
    }

    /**
     * Counts the servers with {@code limit_conn_store = redis} through {@code sessions} from now on
     * ({@link #admitConnection(InetSocketAddress, LimitSettings, String)}).
     */
    public void shareThrough(SharedSessions sessions) {
        this.shared = Optional.of(sessions);
    }

    /**
     * {@link #admitConnection(InetSocketAddress, LimitSettings)}, with {@code limit_conn_per_ip}
     * counted over every instance when the server has {@code limit_conn_store = redis} and
     * {@link #shareThrough} was called; at once otherwise. A shared answer completes on the
     * store's thread. The other checks ({@code access}, the rate, the process-wide total) are this
     * instance's, and run first.
     *
     * @param sessionId the session's id, which names its lease in Redis
     */
    public CompletionStage<Admission> admitConnection(InetSocketAddress client, LimitSettings limits, String sessionId) {
        Optional<SharedSessions> sessions = shared;
        if (!limits.shared() || sessions.isEmpty() || limits.perIp() == 0 || limits.exempts(client)) {
            return CompletableFuture.completedFuture(admitConnection(client, limits));
        }
        LimitSettings uncounted = new LimitSettings(limits.access(), limits.exempt(), 0, limits.rate(),
                limits.rateBurst(), limits.perUser(), limits.perUserIp(), false);
        Admission counted = admitConnection(client, uncounted);
        if (!(counted instanceof Admission.Admitted admitted)) {
            return CompletableFuture.completedFuture(counted);
        }
        InetAddress address = client.getAddress();
        return sessions.get().admitAddress(AddressKey.of(address), limits.perIp(), sessionId, admitted, () -> {
            // Redis failed: this instance's own count, which already includes this connection.
            if (connectionsFrom(address) > limits.perIp()) {
                admitted.lease().close();
                return new Admission.Refused(Refusal.CONNECTIONS_PER_IP);
            }
            return admitted;
        });
    }

    /**
     * After the AUTH phase accepted {@code login}: {@code limit_conn_per_userip} (unless the
     * client is exempt), then {@code limit_conn_per_user}. Logins are counted case-insensitively
     * (Dovecot's default {@code auth_username_format = %Lu}), so {@code Bob} cannot open a second
     * allowance beside {@code bob}. An empty login (SASL EXTERNAL without an identity, SMTP
     * without AUTH) is not counted.
     */
    public Admission admitUser(String written, InetSocketAddress client, LimitSettings limits) {
        Objects.requireNonNull(written, "written");
        String login = written.toLowerCase(Locale.ROOT);
        if (login.isEmpty()) {
            return new Admission.Admitted(Lease.NONE);
        }
        boolean exempt = limits.exempts(client);
        UserIp userIp = new UserIp(login, AddressKey.of(client.getAddress()));
        if (!exempt && !perUserIp.tryAcquire(userIp, orUnlimited(limits.perUserIp()))) {
            return new Admission.Refused(Refusal.CONNECTIONS_PER_USERIP);
        }
        if (!perUser.tryAcquire(login, orUnlimited(limits.perUser()))) {
            if (!exempt) {
                perUserIp.release(userIp);
            }
            return new Admission.Refused(Refusal.CONNECTIONS_PER_USER);
        }
        return new Admission.Admitted(new Lease(() -> {
            perUser.release(login);
            if (!exempt) {
                perUserIp.release(userIp);
            }
        }));
    }

    /**
     * {@link #admitUser}, counted over every instance sharing {@code mail.redis} when the server has
     * {@code limit_conn_store = redis} and {@code shared} is given; at once otherwise. A shared
     * answer completes on the store's thread.
     *
     * @param sessionId the session's id, which names its lease in Redis
     */
    public CompletionStage<Admission> admitUser(String written, InetSocketAddress client, LimitSettings limits,
                                                String sessionId, Optional<SharedSessions> shared) {
        String login = written.toLowerCase(Locale.ROOT);
        if (!limits.shared() || shared.isEmpty() || login.isEmpty()
                || limits.perUser() == 0 && (limits.perUserIp() == 0 || limits.exempts(client))) {
            return CompletableFuture.completedFuture(admitUser(written, client, limits));
        }
        LimitSettings uncounted = new LimitSettings(limits.access(), limits.exempt(), limits.perIp(), limits.rate(),
                limits.rateBurst(), 0, 0, false);
        return shared.get().admit(login, AddressKey.of(client.getAddress()), limits.exempts(client), limits, sessionId,
                () -> admitUser(written, client, uncounted), () -> admitUser(written, client, limits));
    }

    private boolean tryOpen() {
        while (true) {
            int now = open.get();
            if (now >= total) {
                return false;
            }
            if (open.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    private static int orUnlimited(int limit) {
        return limit == 0 ? Integer.MAX_VALUE : limit;
    }

    /** {@code limit_conn_total}. */
    public int total() {
        return total;
    }

    /** Client connections counted now, process-wide. */
    public int openConnections() {
        return open.get();
    }

    /** Connections counted now for {@code address} (its /64 for IPv6). */
    public int connectionsFrom(InetAddress address) {
        return perIp.count(AddressKey.of(address));
    }

    /** Sessions counted now for {@code login}, from any address. */
    public int sessionsOf(String login) {
        return perUser.count(login.toLowerCase(Locale.ROOT));
    }

    /** Sessions counted now for {@code login} from {@code address}. */
    public int sessionsOf(String login, InetAddress address) {
        return perUserIp.count(new UserIp(login.toLowerCase(Locale.ROOT), AddressKey.of(address)));
    }

    /** Addresses whose connection rate is tracked now (at most {@link #RATE_TABLE_CAPACITY}). */
    public int rateTableSize() {
        return rates.size();
    }
}
