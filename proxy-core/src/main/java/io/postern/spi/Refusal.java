package io.postern.spi;

/**
 * Why the core refused a client before serving it: an access rule or one of the connection
 * limits. Told to {@link SessionListener#onRefused}; the session then ends with
 * {@link CloseReason#REFUSED}. Each kind names the directive that refused, so a metric label or
 * a log line built from {@link #directive()} stays within this closed set (never an address or
 * a login). Added in SPI 1.3.
 *
 * <p>Later minor versions of the SPI may add kinds: a module that switches over this enum
 * must have a {@code default} branch.
 */
public enum Refusal {

    /** The client's address matched a {@code deny} rule of {@code access} (or no rule allowed it). */
    ACCESS_DENIED("access"),
    /** The client's address already has {@code limit_conn_per_ip} connections open. */
    CONNECTIONS_PER_IP("limit_conn_per_ip"),
    /** The client's address opened new connections faster than {@code limit_conn_rate} allows. */
    CONNECTION_RATE("limit_conn_rate"),
    /** The login already has {@code limit_conn_per_user} sessions open, from any address. */
    CONNECTIONS_PER_USER("limit_conn_per_user"),
    /** The login already has {@code limit_conn_per_userip} sessions open from this address. */
    CONNECTIONS_PER_USERIP("limit_conn_per_userip"),
    /** The whole process already serves {@code limit_conn_total} client connections. */
    CONNECTIONS_TOTAL("limit_conn_total");

    private final String directive;

    Refusal(String directive) {
        this.directive = directive;
    }

    /** The directive that refused: a stable, low-cardinality name for logs and metric labels. */
    public String directive() {
        return directive;
    }
}
