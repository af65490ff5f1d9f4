package io.postern.pop3;

import io.postern.module.LoadedModule;
import io.postern.spi.Authenticator;
import io.postern.testing.PosternFixture;
import io.postern.testing.ScriptClient;
import io.postern.testing.StaticAuthModule;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Postern with one POP3 server block in front of GreenMail, for the script tests. */
final class Pop3Postern implements AutoCloseable {

    /** nginx's greeting with a salt, {@code <random.time@server_name>}. */
    static final String SALTED_GREETING = "\\+OK POP3 ready <\\d+\\.\\d+@[^<> ]+>";

    private static final Pattern SALT = Pattern.compile("<[^<>]+>");

    final Pop3GreenMail upstream = new Pop3GreenMail();
    private PosternFixture postern;

    /**
     * Starts Postern with {@code directives} in its {@code mail} block, {@code authenticator}
     * and any {@code modules} besides.
     */
    void start(Path dir, String directives, Authenticator authenticator, LoadedModule... modules) throws Exception {
        close();
        LoadedModule[] all = new LoadedModule[modules.length + 1];
        all[0] = StaticAuthModule.of(authenticator);
        System.arraycopy(modules, 0, all, 1, modules.length);
        postern = PosternFixture.start(dir, "mail {\n" + directives + "\n"
                + "servers { pop3 { protocol = pop3, listen = \"127.0.0.1:0\" } }\n}\n", all);
    }

    /** The authenticator of nginx's mail_pop3.t, against GreenMail's user. */
    Pop3TestAuth auth(boolean givesPassword) {
        return new Pop3TestAuth(Pop3GreenMail.USER, Pop3GreenMail.PASSWORD, upstream.address(), givesPassword);
    }

    /** Postern's POP3 listener. */
    java.net.InetSocketAddress address() {
        return postern.address();
    }

    ScriptClient client() throws Exception {
        return new ScriptClient(postern.address());
    }

    void stopUpstream() {
        upstream.close();
    }

    @Override
    public void close() {
        if (postern != null) {
            postern.close();
            postern = null;
        }
    }

    /** The salt in a greeting line. */
    static String salt(String greeting) {
        Matcher m = SALT.matcher(greeting);
        if (!m.find()) {
            throw new AssertionError("no salt in " + greeting);
        }
        return m.group();
    }

    static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
