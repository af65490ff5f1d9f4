package io.postern.limits;

import io.postern.config.RealIpNetwork;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;

/**
 * One server block's access rules and connection limits. A limit of 0 is off.
 *
 * @param access {@code access}: who may connect at all
 * @param exempt {@code limit_conn_exempt}: clients the per-address limits (and the per-user-and-
 *     address one) do not apply to
 * @param perIp {@code limit_conn_per_ip}: connections open at once from one address
 * @param rate {@code limit_conn_rate}: new connections from one address
 * @param rateBurst {@code limit_conn_rate_burst}: new connections one address may open at once
 *     before {@code rate} applies
 * @param perUser {@code limit_conn_per_user}: sessions of one login, from anywhere
 * @param perUserIp {@code limit_conn_per_userip}: sessions of one login from one address
 * @param shared {@code limit_conn_store = redis}: {@code perUser} and {@code perUserIp} count the
 *     sessions of every instance sharing {@code mail.redis}, not only this one's
 */
public record LimitSettings(AccessRules access, List<RealIpNetwork> exempt, int perIp, ConnectionRate rate,
                            int rateBurst, int perUser, int perUserIp, boolean shared) {

    /** No rules and no limits. */
    public static final LimitSettings NONE = new LimitSettings(AccessRules.ALLOW_ALL, List.of(), 0,
            ConnectionRate.OFF, 1, 0, 0, false);

    public LimitSettings {
        Objects.requireNonNull(access, "access");
        exempt = List.copyOf(exempt);
        Objects.requireNonNull(rate, "rate");
        for (int limit : new int[] {perIp, perUser, perUserIp}) {
            if (limit < 0) {
                throw new IllegalArgumentException("limit: " + limit + " (expected: >= 0)");
            }
        }
        if (rateBurst < 1) {
            throw new IllegalArgumentException("rateBurst: " + rateBurst + " (expected: >= 1)");
        }
    }

    /** Limits counted by this instance alone ({@code limit_conn_store = local}). */
    public LimitSettings(AccessRules access, List<RealIpNetwork> exempt, int perIp, ConnectionRate rate,
                         int rateBurst, int perUser, int perUserIp) {
        this(access, exempt, perIp, rate, rateBurst, perUser, perUserIp, false);
    }

    /** Whether {@code client} is in {@code limit_conn_exempt}. */
    public boolean exempts(InetSocketAddress client) {
        for (RealIpNetwork network : exempt) {
            if (network.contains(client)) {
                return true;
            }
        }
        return false;
    }
}
