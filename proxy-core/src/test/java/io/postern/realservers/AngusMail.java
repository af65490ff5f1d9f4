package io.postern.realservers;

import io.postern.spi.UpstreamAddress;
import io.postern.testing.upstreams.MailUser;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.InetSocketAddress;
import java.util.Properties;

/** Angus Mail (Jakarta Mail) sessions for the real-server tests. */
final class AngusMail {

    private AngusMail() {
    }

    /**
     * An IMAP or POP3 store logged in as {@code user} at {@code address}.
     *
     * @param protocol {@code imap} or {@code pop3}
     * @param loginCommand for IMAP, LOGIN instead of AUTHENTICATE PLAIN
     */
    static Store store(String protocol, InetSocketAddress address, MailUser user, boolean loginCommand)
            throws MessagingException {
        Properties props = timeouts(protocol, address);
        if (loginCommand) {
            props.setProperty("mail.imap.auth.plain.disable", "true");
            props.setProperty("mail.imap.auth.login.disable", "true");
        }
        Store store = Session.getInstance(props).getStore(protocol);
        store.connect(user.name(), user.password());
        return store;
    }

    /**
     * An IMAP or POP3 store logged in at {@code address} with XOAUTH2 as {@code user}, the
     * password being the bearer token (Angus Mail's {@code mail.<protocol>.auth.mechanisms}).
     */
    static Store xoauth2Store(String protocol, InetSocketAddress address, String user, String token)
            throws MessagingException {
        Properties props = timeouts(protocol, address);
        props.setProperty("mail." + protocol + ".auth.mechanisms", "XOAUTH2");
        Store store = Session.getInstance(props).getStore(protocol);
        store.connect(user, token);
        return store;
    }

    /** Submits {@code message} over SMTP with AUTH as {@code user} (through Postern). */
    static void submit(InetSocketAddress address, MailUser user, MimeMessage message) throws MessagingException {
        Properties props = timeouts("smtp", address);
        props.setProperty("mail.smtp.auth", "true");
        props.setProperty("mail.smtp.localhost", "client.example");
        Transport transport = Session.getInstance(props).getTransport("smtp");
        transport.connect(user.name(), user.password());
        try {
            transport.sendMessage(message, message.getAllRecipients());
        } finally {
            transport.close();
        }
    }

    /** Hands {@code message} straight to Postfix, without AUTH (Postfix trusts loopback). */
    static void deliver(UpstreamAddress postfix, MimeMessage message) throws MessagingException {
        Properties props = timeouts("smtp", new InetSocketAddress(postfix.host(), postfix.port()));
        props.setProperty("mail.smtp.localhost", "test.example");
        Transport transport = Session.getInstance(props).getTransport("smtp");
        transport.connect();
        try {
            transport.sendMessage(message, message.getAllRecipients());
        } finally {
            transport.close();
        }
    }

    /** A short text message from alice@example.com to {@code to}. */
    static MimeMessage message(MailUser to, String subject, String text) throws MessagingException {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress("alice@example.com"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to.address()));
        message.setSubject(subject);
        message.setText(text);
        message.saveChanges();
        return message;
    }

    private static Properties timeouts(String protocol, InetSocketAddress address) {
        Properties props = new Properties();
        props.setProperty("mail." + protocol + ".host", address.getHostString());
        props.setProperty("mail." + protocol + ".port", String.valueOf(address.getPort()));
        props.setProperty("mail." + protocol + ".connectiontimeout", "10000");
        props.setProperty("mail." + protocol + ".timeout", "20000");
        return props;
    }
}
