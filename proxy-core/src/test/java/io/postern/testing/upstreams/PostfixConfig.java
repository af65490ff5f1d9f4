package io.postern.testing.upstreams;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The files of one throwaway Postfix, for a directory on this machine or in a container.
 *
 * @param dir the instance's directory as Postfix sees it: {@code etc/} (main.cf, master.cf),
 *     {@code spool/} (the queue, {@code pid/master.pid}), {@code data/}, {@code log/}
 * @param dovecotRun the Dovecot instance's base_dir, whose {@code lmtp} socket mail is
 *     delivered to and whose {@code auth-client} socket checks SMTP AUTH
 * @param smtpdAddress master.cf's service name for smtpd: {@code 127.0.0.1:PORT}, or a bare port
 * @param inetInterfaces {@code loopback-only}, or {@code all} in a container
 * @param trustedNetworks who may relay and send XCLIENT: where Postern connects from
 * @param users the recipients Postfix accepts, {@code name@localhost}
 */
record PostfixConfig(String dir, String dovecotRun, String smtpdAddress, String inetInterfaces,
                     String trustedNetworks, List<MailUser> users) {

    PostfixConfig {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(dovecotRun, "dovecotRun");
        Objects.requireNonNull(smtpdAddress, "smtpdAddress");
        Objects.requireNonNull(inetInterfaces, "inetInterfaces");
        Objects.requireNonNull(trustedNetworks, "trustedNetworks");
        users = List.copyOf(users);
    }

    static final String ETC = "etc";
    static final String LOG = "log/postfix.log";
    static final String PID = "spool/pid/master.pid";

    /** File contents by path relative to {@link #dir()}. */
    Map<String, String> files() {
        Map<String, String> values = Map.of(
                "DIR", dir,
                "DOVECOT_RUN", dovecotRun,
                "SMTPD_ADDRESS", smtpdAddress,
                "INET_INTERFACES", inetInterfaces,
                "TRUSTED_NETWORKS", trustedNetworks,
                "DOMAIN", MailUser.DOMAIN);
        StringBuilder mailboxes = new StringBuilder();
        for (MailUser user : users) {
            mailboxes.append(user.address()).append(" OK\n");
        }
        Map<String, String> files = new LinkedHashMap<>();
        files.put("etc/main.cf", Template.render("postfix-main.cf", values));
        files.put("etc/master.cf", Template.render("postfix-master.cf", values));
        files.put("etc/vmailbox", mailboxes.toString());
        return files;
    }
}
