package io.postern.testing.upstreams;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The files of one throwaway Dovecot, for a directory on this machine or in a container.
 *
 * @param dir the instance's directory as Dovecot sees it: {@code etc/}, {@code run/} (base_dir:
 *     master.pid, the LMTP and auth sockets), {@code state/}, {@code log/}, {@code mail/<user>}
 * @param listen the address the listeners bind ({@code 127.0.0.1}, or {@code *} in a container)
 * @param trustedNetworks where Postern connects from (Dovecot's {@code login_trusted_networks}
 *     and {@code haproxy_trusted_networks})
 * @param mailUid the owner of {@code mail/}, whom the mail processes run as (never 0)
 * @param mailGid its group
 * @param ports the listener ports; {@code imaps} and {@code pop3s} are used only with {@code tls}
 * @param tls whether Dovecot offers TLS: STARTTLS on the plain ports and imaps/pop3s listeners,
 *     with the certificate and key in {@code etc/tls/} ({@link SelfSigned})
 * @param users the passwd-file users
 * @param limits how many sessions Dovecot takes at once
 * @param oauth2Introspection empty, or the RFC 7662 introspection URL of a second passdb,
 *     {@code oauth2} (posting the token), which takes XOAUTH2, OAUTHBEARER and a bearer token
 *     given as the password of an ordinary login; the identity provider's {@code username}
 *     must be the login
 */
record DovecotConfig(String dir, String listen, String trustedNetworks, int mailUid, int mailGid, Ports ports,
                     boolean tls, List<MailUser> users, DovecotLimits limits, String oauth2Introspection) {

    /** Without the oauth2 passdb. */
    DovecotConfig(String dir, String listen, String trustedNetworks, int mailUid, int mailGid, Ports ports,
                  boolean tls, List<MailUser> users, DovecotLimits limits) {
        this(dir, listen, trustedNetworks, mailUid, mailGid, ports, tls, users, limits, "");
    }

    /** With Dovecot's own limits, as the tests run it. */
    DovecotConfig(String dir, String listen, String trustedNetworks, int mailUid, int mailGid, Ports ports,
                  boolean tls, List<MailUser> users) {
        this(dir, listen, trustedNetworks, mailUid, mailGid, ports, tls, users, DovecotLimits.DEFAULTS);
    }

    /**
     * Dovecot's listener ports; {@code imapHaproxy} is a plain IMAP listener that expects a
     * PROXY protocol header (v1 or v2) from {@code trustedNetworks}, 0 for none.
     */
    record Ports(int imap, int pop3, int imaps, int pop3s, int imapHaproxy) {

        /** Without the PROXY protocol listener. */
        Ports(int imap, int pop3, int imaps, int pop3s) {
            this(imap, pop3, imaps, pop3s, 0);
        }
    }

    DovecotConfig {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(trustedNetworks, "trustedNetworks");
        Objects.requireNonNull(ports, "ports");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(oauth2Introspection, "oauth2Introspection");
        users = List.copyOf(users);
        if (mailUid == 0) {
            throw new IllegalArgumentException("mailUid: 0 (expected: a non-root user; Dovecot refuses uid 0)");
        }
    }

    static final String CONF = "etc/dovecot.conf";
    static final String USERS = "etc/users";
    static final String OAUTH2 = "etc/dovecot-oauth2.conf.ext";
    static final String CERT = "etc/tls/cert.pem";
    static final String KEY = "etc/tls/key.pem";
    static final String LOG = "log/dovecot.log";
    static final String PID = "run/master.pid";
    static final String RUN = "run";

    /** File contents by path relative to {@link #dir()}; the TLS files are not among them. */
    Map<String, String> files() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("DIR", dir);
        values.put("INSTANCE", "postern-test-" + Integer.toHexString(dir.hashCode()));
        values.put("LISTEN", listen);
        values.put("TRUSTED_NETWORKS", trustedNetworks);
        values.put("MAIL_UID", String.valueOf(mailUid));
        values.put("MAIL_GID", String.valueOf(mailGid));
        values.put("IMAP_PORT", String.valueOf(ports.imap()));
        values.put("POP3_PORT", String.valueOf(ports.pop3()));
        values.put("IMAP_HAPROXY_PORT", String.valueOf(ports.imapHaproxy()));
        // port 0 switches a listener off
        values.put("IMAPS_PORT", String.valueOf(tls ? ports.imaps() : 0));
        values.put("POP3S_PORT", String.valueOf(tls ? ports.pop3s() : 0));
        values.put("SSL", tls
                ? "ssl = yes\nssl_cert = <" + dir + "/" + CERT + "\nssl_key = <" + dir + "/" + KEY + "\n"
                : "ssl = no\n");
        values.put("LIMITS", limits.render());
        values.put("OAUTH2", oauth2Introspection.isEmpty() ? "" : "auth_mechanisms = $auth_mechanisms xoauth2 oauthbearer\n"
                + "passdb {\n  driver = oauth2\n  args = " + dir + "/" + OAUTH2 + "\n}\n");
        StringBuilder passwd = new StringBuilder();
        for (MailUser user : users) {
            passwd.append(user.name()).append(":{PLAIN}").append(user.password()).append('\n');
        }
        Map<String, String> files = new LinkedHashMap<>();
        files.put(CONF, Template.render("dovecot.conf", values));
        files.put(USERS, passwd.toString());
        if (!oauth2Introspection.isEmpty()) {
            files.put(OAUTH2, "introspection_mode = post\nintrospection_url = " + oauth2Introspection + "\n"
                    + "username_attribute = username\nactive_attribute = active\nactive_value = true\n");
        }
        return files;
    }
}
