package io.postern.auth.users;

import io.postern.spi.UpstreamAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parsed content of a users file: one user per line,
 * {@code login:{SCHEME}hash[:upstream[:upstream_login[:extra fields]]]}, {@code #} comments and blank lines
 * ignored (the format is described for operators in {@code conf/users.example}).
 *
 * @param path the file
 * @param users by login
 * @param plainCount how many entries use {@code {PLAIN}}
 */
public record UsersFile(Path path, Map<String, UserEntry> users, int plainCount) {

    static final String EXPECTED = "(expected: login:{SCHEME}hash[:host:port[:login[:name=value ...]]])";

    /** An extra field's name, as Dovecot's passwd-file extra fields are named. */
    private static final java.util.regex.Pattern FIELD_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_.-]+");

    public UsersFile {
        users = Map.copyOf(users);
    }

    /**
     * Reads and parses {@code path}.
     *
     * @throws IllegalArgumentException naming the file, the line and what was expected; the
     *     message never contains a password or hash
     */
    public static UsersFile read(Path path) {
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("auth_users: " + path + ": cannot be read (" + e + ")", e);
        }
        return parse(path, lines);
    }

    /** Parses the lines of a users file; {@code path} only names it in messages. */
    static UsersFile parse(Path path, List<String> lines) {
        Map<String, UserEntry> users = new HashMap<>();
        int plain = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            UserEntry entry;
            try {
                entry = parseLine(line, i + 1);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("auth_users: " + path + ":" + (i + 1) + ": " + e.getMessage(), e);
            }
            UserEntry earlier = users.putIfAbsent(entry.login(), entry);
            if (earlier != null) {
                throw new IllegalArgumentException("auth_users: " + path + ":" + (i + 1) + ": duplicate login \""
                        + entry.login() + "\" (first at line " + earlier.line() + ")");
            }
            if (entry.password() instanceof PasswordHash.Plain) {
                plain++;
            }
        }
        return new UsersFile(path, users, plain);
    }

    /** One non-blank, non-comment line; error messages quote only what is not secret. */
    static UserEntry parseLine(String line, int number) {
        int colon = line.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("\"" + (colon < 0 ? line : "") + "\" " + EXPECTED);
        }
        String login = line.substring(0, colon);
        String rest = line.substring(colon + 1);
        int end = rest.indexOf(':');
        String passwordField = end < 0 ? rest : rest.substring(0, end);
        PasswordHash password;
        try {
            password = PasswordHash.parse(passwordField);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + login + ":…\": " + e.getMessage()
                    + (e.getMessage().contains("(expected") ? "" : " " + EXPECTED));
        }
        if (end < 0) {
            return new UserEntry(login, password, Optional.empty(), Optional.empty(), number);
        }
        return withUpstream(login, password, rest.substring(end + 1), number);
    }

    /** Parses {@code [upstream[:upstream_login]]} where upstream is {@code host:port}, {@code [v6]:port} or empty. */
    private static UserEntry withUpstream(String login, PasswordHash password, String rest, int number) {
        Optional<UpstreamAddress> upstream = Optional.empty();
        String remainder = rest;
        if (!rest.isEmpty() && !rest.startsWith(":")) {
            int hostEnd = rest.startsWith("[") ? rest.indexOf("]:") + 1 : rest.indexOf(':');
            if (hostEnd <= 0) {
                throw new IllegalArgumentException("\"" + rest + "\" is not host:port " + EXPECTED);
            }
            String host = rest.substring(0, hostEnd);
            int portEnd = rest.indexOf(':', hostEnd + 1);
            String port = portEnd < 0 ? rest.substring(hostEnd + 1) : rest.substring(hostEnd + 1, portEnd);
            upstream = Optional.of(address(host, port, rest));
            remainder = portEnd < 0 ? "" : rest.substring(portEnd);
        }
        String upstreamLogin = remainder.isEmpty() ? "" : remainder.substring(1);
        Map<String, String> attributes = Map.of();
        int extra = upstreamLogin.indexOf(':');
        if (extra >= 0) {
            attributes = extraFields(upstreamLogin.substring(extra + 1));
            upstreamLogin = upstreamLogin.substring(0, extra);
        }
        return new UserEntry(login, password, upstream,
                upstreamLogin.isEmpty() ? Optional.empty() : Optional.of(upstreamLogin), attributes, number);
    }

    /**
     * The extra fields after the fourth colon, as Dovecot's passwd-file writes them: {@code name=value}
     * separated by spaces ({@code group=staff,readonly quota_class=gold}); the accepted login's
     * attributes. A name given twice is an error.
     */
    private static Map<String, String> extraFields(String text) {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        for (String field : text.strip().split("\\s+")) {
            if (field.isEmpty()) {
                continue;
            }
            int equals = field.indexOf('=');
            String name = equals < 0 ? field : field.substring(0, equals);
            if (equals < 0 || !FIELD_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("extra field \"" + field + "\" is not name=value " + EXPECTED);
            }
            if (fields.putIfAbsent(name, field.substring(equals + 1)) != null) {
                throw new IllegalArgumentException("extra field \"" + name + "\" is given twice " + EXPECTED);
            }
        }
        return fields;
    }

    private static UpstreamAddress address(String host, String port, String field) {
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (host.startsWith("[") && bare.indexOf(':') < 0) {
            throw new IllegalArgumentException("\"" + host + "\" is not an IPv6 address " + EXPECTED);
        }
        int number;
        try {
            number = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + field + "\": port \"" + port + "\" is not a number " + EXPECTED);
        }
        try {
            return new UpstreamAddress(bare, number);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + field + "\": " + e.getMessage());
        }
    }
}
