package io.postern.rewrite.e2e;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.InetSocketAddress;
import java.util.Properties;

/** Angus Mail (Jakarta Mail) clients for the end-to-end tests, with short timeouts. */
final class AngusMail {

    private AngusMail() {
    }

    /** An IMAP store logged in at {@code address}. */
    static Store imap(InetSocketAddress address, String user, String password) throws MessagingException {
        Store store = Session.getInstance(properties("imap", address)).getStore("imap");
        store.connect(user, password);
        return store;
    }

    /** Submits {@code message} with AUTH, the envelope sender being {@code from}. */
    static void submit(InetSocketAddress address, String user, String password, String from, MimeMessage message)
            throws MessagingException {
        Properties props = properties("smtp", address);
        props.setProperty("mail.smtp.auth", "true");
        props.setProperty("mail.smtp.from", from);
        props.setProperty("mail.smtp.localhost", "client.example");
        Transport transport = Session.getInstance(props).getTransport("smtp");
        transport.connect(user, password);
        try {
            transport.sendMessage(message, message.getAllRecipients());
        } finally {
            transport.close();
        }
    }

    static MimeMessage message(String from, String to, String subject) throws MessagingException {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress(from));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(subject);
        message.setText("hello through postern\r\n");
        message.saveChanges();
        return message;
    }

    private static Properties properties(String protocol, InetSocketAddress address) {
        Properties props = new Properties();
        props.setProperty("mail." + protocol + ".host", address.getHostString());
        props.setProperty("mail." + protocol + ".port", String.valueOf(address.getPort()));
        props.setProperty("mail." + protocol + ".connectiontimeout", "5000");
        props.setProperty("mail." + protocol + ".timeout", "10000");
        return props;
    }
}
