package io.postern.spi;

/**
 * The names of the {@link AuthDecision.Accepted#attributes() attributes} of an accepted auth
 * decision that the core itself reads. An authenticator sets them to steer one session's
 * upstream login; module-auth's {@code auth_http} takes them from {@code Auth-Attr-*} headers
 * ({@code Auth-Attr-Upstream-Tls: starttls} is {@link #UPSTREAM_TLS}). Any other attribute is
 * the modules' own business (module-rewrite's groups, for instance).
 *
 * <p>Added in SPI 1.4.
 */
public final class SessionAttributes {

    /**
     * How the upstream is reached for this session: {@code plain} (or {@code off}), {@code ssl}
     * (or {@code on}) or {@code starttls}; without it, the server's {@code proxy_ssl} setting.
     */
    public static final String UPSTREAM_TLS = "upstream_tls";

    /**
     * The SASL mechanism of the upstream SMTP login for this session, {@code plain} or
     * {@code login}; without it, the server's {@code proxy_smtp_auth_method}.
     */
    public static final String PROXY_SMTP_AUTH_METHOD = "proxy_smtp_auth_method";

    private SessionAttributes() {
    }
}
