package io.postern.auth.users;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Locale;
import org.apache.commons.codec.digest.Sha2Crypt;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * Prints a users-file line for a new user, like Dovecot's {@code doveadm pw}:
 * <pre>java -cp modules/module-auth-*.jar io.postern.auth.users.PasswdTool [-s BLF-CRYPT|SHA512-CRYPT] login</pre>
 * The password is read twice, from the console without echo, or from standard input when
 * that is not a terminal (one line each).
 */
public final class PasswdTool {

    /** bcrypt's cost: about 50-100 ms a check, Dovecot's and Spring's default. */
    static final int BCRYPT_COST = 10;
    private static final String USAGE = "usage: PasswdTool [-s BLF-CRYPT|SHA512-CRYPT] login";
    private static final String SALT_CHARS = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private PasswdTool() {
    }

    public static void main(String[] args) throws IOException {
        Console console = System.console();
        PasswordSource source = console != null
                ? prompt -> console.readPassword("%s", prompt)
                : lines(System.in);
        System.exit(run(args, source, System.out, System.err));
    }

    /** Reads one password per call; {@code null} at the end of the input. */
    @FunctionalInterface
    interface PasswordSource {
        char[] read(String prompt) throws IOException;
    }

    /** A source reading one line per password from {@code in} (tests, pipes). */
    static PasswordSource lines(InputStream in) {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        return prompt -> {
            String line = reader.readLine();
            return line == null ? null : line.toCharArray();
        };
    }

    /** Runs the tool; returns the process exit code (0, 1 for a mismatch, 2 for usage). */
    static int run(String[] args, PasswordSource source, PrintStream out, PrintStream err) throws IOException {
        String scheme = "BLF-CRYPT";
        int i = 0;
        if (args.length == 3 && args[0].equals("-s")) {
            scheme = args[1].toUpperCase(Locale.ROOT);
            i = 2;
        }
        if (args.length != i + 1 || args[i].isEmpty() || args[i].indexOf(':') >= 0
                || !(scheme.equals("BLF-CRYPT") || scheme.equals("SHA512-CRYPT"))) {
            err.println(USAGE);
            return 2;
        }
        char[] first = source.read("Password: ");
        char[] second = source.read("Retype password: ");
        try {
            if (first == null || second == null || first.length == 0) {
                err.println("no password given");
                return 1;
            }
            if (!Arrays.equals(first, second)) {
                err.println("the passwords differ");
                return 1;
            }
            out.println(args[i] + ":{" + scheme + "}" + hash(scheme, new String(first)));
            return 0;
        } finally {
            wipe(first);
            wipe(second);
        }
    }

    /** Hashes {@code password} with {@code scheme} ({@code BLF-CRYPT} or {@code SHA512-CRYPT}) and a random salt. */
    static String hash(String scheme, String password) {
        SecureRandom random = new SecureRandom();
        if (scheme.equals("BLF-CRYPT")) {
            return BCrypt.hashpw(password, BCrypt.gensalt("$2y", BCRYPT_COST, random));
        }
        StringBuilder salt = new StringBuilder("$6$");
        for (int n = 0; n < 16; n++) {
            salt.append(SALT_CHARS.charAt(random.nextInt(SALT_CHARS.length())));
        }
        return Sha2Crypt.sha512Crypt(password.getBytes(StandardCharsets.UTF_8), salt.toString());
    }

    private static void wipe(char[] secret) {
        if (secret != null) {
            Arrays.fill(secret, '\0');
        }
    }
}
