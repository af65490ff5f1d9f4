package io.postern.sandbox;

import io.postern.spi.Protocol;
import io.postern.spi.ServerConfig;
import io.postern.spi.UpstreamAddress;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The sandbox's settings, read from the {@code mail} block and validated once at start-up.
 *
 * @param enabled {@code sandbox}
 * @param listen {@code sandbox_listen}: the address GreenMail binds
 * @param imapPort {@code sandbox_imap_port}
 * @param pop3Port {@code sandbox_pop3_port}
 * @param smtpPort {@code sandbox_smtp_port}
 * @param users {@code sandbox_users}, in the order of the config, logins unique
 */
record SandboxSettings(boolean enabled, boolean authenticate, String listen, int imapPort, int pop3Port,
                       int smtpPort, List<SandboxUser> users) {

    static final String SANDBOX = "sandbox";
    static final String LISTEN = "sandbox_listen";
    static final String IMAP_PORT = "sandbox_imap_port";
    static final String POP3_PORT = "sandbox_pop3_port";
    static final String SMTP_PORT = "sandbox_smtp_port";
    static final String USERS = "sandbox_users";
    static final String AUTHENTICATE = "sandbox_authenticate";

    SandboxSettings {
        Objects.requireNonNull(listen, "listen");
        users = List.copyOf(users);
    }

    /**
     * Reads and checks the settings. When {@code sandbox} is off the other directives are not
     * checked: an operator who turned the sandbox off owes it nothing.
     *
     * @throws IllegalArgumentException naming the directive, its value and where it was set
     */
    static SandboxSettings from(ServerConfig mail) {
        Objects.requireNonNull(mail, "mail");
        if (!mail.flag(SANDBOX)) {
            return new SandboxSettings(false, false, "127.0.0.1", 0, 0, 0, List.of());
        }
        final String listen = mail.string(LISTEN).strip();
        if (listen.isEmpty()) {
            throw invalid(mail, LISTEN, "\"\" (expected: an IP address or a host name)");
        }
        final int imap = port(mail, IMAP_PORT);
        final int pop3 = port(mail, POP3_PORT);
        final int smtp = port(mail, SMTP_PORT);
        if (new HashSet<>(List.of(imap, pop3, smtp)).size() < 3) {
            throw invalid(mail, SMTP_PORT, imap + ", " + pop3 + ", " + smtp
                    + " (expected: sandbox_imap_port, sandbox_pop3_port and sandbox_smtp_port to differ)");
        }
        return new SandboxSettings(true, mail.flag(AUTHENTICATE), listen, imap, pop3, smtp, users(mail));
    }

    /** Where a sandbox user who logged in over {@code protocol} is sent. */
    UpstreamAddress upstreamFor(Protocol protocol) {
        final int port = switch (protocol) {
            case IMAP -> imapPort;
            case POP3 -> pop3Port;
            case SMTP -> smtpPort;
        };
        return new UpstreamAddress(connectHost(), port);
    }

    /**
     * The host Postern connects to. A wildcard bind address accepts connections on every
     * interface but is no address to connect to, so loopback stands in for it.
     */
    String connectHost() {
        return switch (listen) {
            case "0.0.0.0", "*" -> "127.0.0.1";
            case "::", "[::]", "::0" -> "::1";
            default -> listen.startsWith("[") && listen.endsWith("]") ? listen.substring(1, listen.length() - 1) : listen;
        };
    }

    private static int port(ServerConfig mail, String directive) {
        final long port = mail.integer(directive);
        if (port < 1 || port > 65535) {
            throw invalid(mail, directive, port + " (expected: 1-65535)");
        }
        return (int) port;
    }

    private static List<SandboxUser> users(ServerConfig mail) {
        final Map<String, SandboxUser> byLogin = new LinkedHashMap<>();
        final Set<String> emails = new HashSet<>();
        for (String entry : mail.strings(USERS)) {
            final SandboxUser user;
            try {
                user = SandboxUser.parse(entry);
            } catch (IllegalArgumentException e) {
                throw mail.invalid(USERS, withoutName(USERS, e.getMessage()));
            }
            if (byLogin.putIfAbsent(user.login(), user) != null || !emails.add(user.email())) {
                throw invalid(mail, USERS, "\"" + user.login() + ":…\" (expected: each login once)");
            }
        }
        if (byLogin.isEmpty()) {
            throw invalid(mail, USERS, "[] (expected: at least one login:password)");
        }
        return List.copyOf(byLogin.values());
    }

    /** A message that already names the directive, without the name: invalid() adds it. */
    private static String withoutName(String directive, String message) {
        return message.startsWith(directive + ": ") ? message.substring(directive.length() + 2) : message;
    }

    private static IllegalArgumentException invalid(ServerConfig mail, String directive, String valueAndExpected) {
        // Postern puts the file and line of the value in front (SPI 1.4).
        return mail.invalid(directive, valueAndExpected);
    }

    @Override
    public String toString() {
        return "SandboxSettings[enabled=" + enabled + ", listen=" + listen + ", imapPort=" + imapPort
                + ", pop3Port=" + pop3Port + ", smtpPort=" + smtpPort
                + ", users=" + users.stream().map(SandboxUser::login).toList() + "]";
    }
}
