package io.postern.smtp;

import static io.postern.config.CoreDirectives.PROXY_BUFFER;
import static io.postern.config.CoreDirectives.PROXY_SMTP_AUTH;
import static io.postern.config.CoreDirectives.PROXY_SMTP_AUTH_METHOD;
import static io.postern.config.CoreDirectives.SERVER_NAME;
import static io.postern.config.CoreDirectives.SMTP_AUTH;
import static io.postern.config.CoreDirectives.SMTP_CAPABILITIES;
import static io.postern.config.CoreDirectives.SMTP_CLIENT_BUFFER;
import static io.postern.config.CoreDirectives.SMTP_FORBID_BARE_NEWLINE;
import static io.postern.config.CoreDirectives.SMTP_GREETING_DELAY;
import static io.postern.config.CoreDirectives.XCLIENT;

import io.postern.sasl.SaslMechanism;
import io.postern.spi.ServerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One SMTP server block's settings, read once from its {@link ServerConfig}, with the replies
 * that depend only on them (greeting, HELO and EHLO answers) built up front as nginx's
 * {@code ngx_mail_smtp_merge_srv_conf} does.
 *
 * @param serverName {@code server_name}: the greeting, the HELO/EHLO answers, the EHLO sent upstream
 * @param greetingDelay {@code smtp_greeting_delay}; zero greets at once
 * @param mechanisms the SASL mechanisms of {@code smtp_auth}, in nginx's order
 * @param authNone whether {@code smtp_auth} includes {@code none}
 * @param clientBuffer {@code smtp_client_buffer}: the longest command line
 * @param xclient {@code xclient}: off, on (always, as nginx) or offered (only when the upstream offers it)
 * @param forbidBareNewline {@code smtp_forbid_bare_newline}
 * @param proxySmtpAuth {@code proxy_smtp_auth}
 * @param proxyBuffer {@code proxy_buffer}: the longest upstream reply during the login
 * @param ehlo the lines of the EHLO answer, without line endings
 */
public record SmtpSettings(String serverName, Duration greetingDelay, List<SaslMechanism> mechanisms,
                           boolean authNone, int clientBuffer, XclientMode xclient,
                           boolean forbidBareNewline, boolean proxySmtpAuth, String proxySmtpAuthMethod,
                           int proxyBuffer, List<String> ehlo) {

    /**
     * Extensions never offered before login: nginx passes BDAT on as an unknown command and
     * the message is lost (Mailu #704). After login the upstream's own EHLO answer may offer
     * them (the framed relay then passes BDAT, its chunks counted).
     */
    private static final List<String> NEVER_ADVERTISED = List.of("CHUNKING", "BDAT");

    public SmtpSettings {
        Objects.requireNonNull(serverName, "serverName");
        Objects.requireNonNull(greetingDelay, "greetingDelay");
        Objects.requireNonNull(proxySmtpAuthMethod, "proxySmtpAuthMethod");
        Objects.requireNonNull(xclient, "xclient");
        mechanisms = List.copyOf(mechanisms);
        ehlo = List.copyOf(ehlo);
    }

    /** Reads the settings of one server block (bounds were checked at start-up). */
    public static SmtpSettings of(ServerConfig config) {
        String serverName = config.string(SERVER_NAME);
        List<String> auth = config.strings(SMTP_AUTH);
        List<SaslMechanism> mechanisms = new ArrayList<>();
        for (SaslMechanism mechanism : SaslMechanism.values()) {
            if (auth.contains(mechanism.configName())) {
                mechanisms.add(mechanism);
            }
        }
        return new SmtpSettings(serverName, config.duration(SMTP_GREETING_DELAY), mechanisms, auth.contains("none"),
                (int) config.size(SMTP_CLIENT_BUFFER), XclientMode.parse(config.string(XCLIENT)),
                config.flag(SMTP_FORBID_BARE_NEWLINE), config.flag(PROXY_SMTP_AUTH),
                config.string(PROXY_SMTP_AUTH_METHOD), (int) Math.max(config.size(PROXY_BUFFER), 1),
                ehloLines(serverName, config.strings(SMTP_CAPABILITIES), mechanisms));
    }

    /**
     * Whether the core frames every logged-in session of this server, filters or none: with
     * {@code xclient} a client's own XCLIENT after login must be refused (the upstream trusts
     * it from Postern's address); with {@code smtp_forbid_bare_newline} only {@code CRLF.CRLF}
     * may end message data (SMTP smuggling). Only the framed relay can do either.
     */
    boolean mustFrame() {
        return xclient.enabled() || forbidBareNewline;
    }

    /** {@code 220 <server_name> ESMTP ready}. */
    String greeting() {
        return "220 " + serverName + " ESMTP ready";
    }

    /** The answer to HELO: {@code 250 <server_name>}. */
    String heloReply() {
        return "250 " + serverName;
    }

    /**
     * nginx's EHLO answer: {@code 250-<server_name>}, one line per capability, then
     * {@code 250 AUTH <mechanisms>}; without mechanisms the last capability line ends the reply.
     */
    static List<String> ehloLines(String serverName, List<String> capabilities, List<SaslMechanism> mechanisms) {
        List<String> texts = new ArrayList<>();
        texts.add(serverName);
        for (String capability : capabilities) {
            String keyword = capability.split(" ", 2)[0].toUpperCase(Locale.ROOT);
            if (!NEVER_ADVERTISED.contains(keyword)) {
                texts.add(capability);
            }
        }
        if (!mechanisms.isEmpty()) {
            StringBuilder auth = new StringBuilder("AUTH");
            mechanisms.forEach(m -> auth.append(' ').append(m.wireName()));
            texts.add(auth.toString());
        }
        List<String> lines = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            lines.add((i == texts.size() - 1 ? "250 " : "250-") + texts.get(i));
        }
        return lines;
    }
}
