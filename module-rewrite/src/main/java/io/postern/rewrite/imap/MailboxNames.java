package io.postern.rewrite.imap;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One session's translation of mailbox names between what the client sees and what the server
 * stores, in Unicode: the explicit names of the {@code mailboxes} rules first (a mapped name
 * and its children), then the {@code namespace} rule's prefix and separator. INBOX is never
 * translated and compared without case, as IMAP does.
 *
 * <p>The server's separator is never guessed. It is the configured one, else the one the core
 * learnt from the upstream before the client's first command
 * ({@link io.postern.spi.SessionInfo#imapHierarchy()}), else the one the server shows in the
 * session's answer to {@code LIST "" ""} or {@code NAMESPACE}; until then it is unknown
 * ({@link #hierarchyKnown()}) and a name that needs it is not translated: the filter refuses
 * its command. A flat server ({@code NIL}) has no children: only the mapped names themselves
 * translate. Names outside the personal namespace's prefix pass unchanged, as do names under
 * a passthrough prefix.
 */
final class MailboxNames {

    private record Entry(String client, String server) {
    }

    private final List<Entry> byClient;
    private final List<Entry> byServer;
    private final Optional<NamespaceRule> namespace;
    private final List<String> passthrough = new ArrayList<>();
    /** The server's separator; "" for a flat hierarchy, null while unknown. */
    private String serverSeparator;

    /**
     * @param upstream the separator the core learnt from the upstream, "" for a flat
     *     hierarchy; empty when it did not learn one
     */
    MailboxNames(List<MailboxMap> maps, Optional<NamespaceRule> namespace, Optional<String> upstream) {
        Map<String, String> names = new LinkedHashMap<>();
        Optional<String> configured = namespace.map(NamespaceRule::separator);
        for (MailboxMap map : maps) {
            map.names().forEach(names::putIfAbsent);
            if (configured.isEmpty()) {
                configured = map.separator();
            }
        }
        List<Entry> entries = names.entrySet().stream().map(e -> new Entry(e.getKey(), e.getValue())).toList();
        this.byClient = sorted(entries, Entry::client);
        this.byServer = sorted(entries, Entry::server);
        this.namespace = namespace;
        namespace.ifPresent(ns -> passthrough.addAll(ns.passthrough()));
        this.serverSeparator = configured.or(() -> upstream).orElse(null);
    }

    private static List<Entry> sorted(List<Entry> entries, java.util.function.Function<Entry, String> key) {
        List<Entry> out = new ArrayList<>(entries);
        out.sort(Comparator.comparingInt((Entry e) -> key.apply(e).length()).reversed());
        return List.copyOf(out);
    }

    /** Whether the session translates names at all. */
    boolean active() {
        return !byClient.isEmpty() || namespace.isPresent();
    }

    Optional<NamespaceRule> namespace() {
        return namespace;
    }

    /** Whether the server's separator is known (configured, learnt by the core, or shown by the server). */
    boolean hierarchyKnown() {
        return serverSeparator != null;
    }

    /** The server's separator; "" for a flat hierarchy or while it is unknown. */
    String serverSeparator() {
        return serverSeparator == null ? "" : serverSeparator;
    }

    /** The client's separator; "" for a flat hierarchy or while it is unknown. */
    String clientSeparator() {
        return namespace.map(NamespaceRule::clientSeparator).orElse(serverSeparator());
    }

    /**
     * Takes the separator the server showed in answer to {@code LIST "" ""} or
     * {@code NAMESPACE} ("" for {@code NIL}), while none is known.
     */
    void learnSeparator(String separator) {
        if (serverSeparator == null && separator.length() <= 1) {
            serverSeparator = separator;
        }
    }

    /**
     * Whether translating the client's {@code name} depends on the separator: it is longer
     * than a mapped client name it starts with, so it may be a child of it.
     */
    boolean needsSeparator(String name) {
        return !isInbox(name) && byClient.stream()
                .anyMatch(e -> name.length() > e.client.length() && name.startsWith(e.client));
    }

    /** Adds a server prefix whose names pass unchanged (another namespace's). */
    void learnPassthrough(String prefix) {
        if (namespace.isPresent() && !prefix.isEmpty() && !prefix.equals(namespace.get().prefix())
                && !passthrough.contains(prefix)) {
            passthrough.add(prefix);
        }
    }

    /** The server's name for the client's {@code name}. */
    String toServer(String name) {
        if (name.isEmpty() || isInbox(name)) {
            return name;
        }
        String cs = clientSeparator();
        String ss = serverSeparator();
        for (Entry e : byClient) {
            if (sameName(name, e.client)) {
                return e.server;
            }
            if (under(name, e.client, cs)) {
                return e.server + ss + translate(name.substring(e.client.length() + cs.length()), cs, ss);
            }
        }
        if (namespace.isEmpty() || passes(name)) {
            return name;
        }
        NamespaceRule ns = namespace.get();
        if (!name.startsWith(ns.clientPrefix())) {
            return name;
        }
        return ns.prefix() + translate(name.substring(ns.clientPrefix().length()), cs, ss);
    }

    /** The client's name for the server's {@code name}. */
    String toClient(String name) {
        if (name.isEmpty() || isInbox(name)) {
            return name;
        }
        String cs = clientSeparator();
        String ss = serverSeparator();
        for (Entry e : byServer) {
            if (sameName(name, e.server)) {
                return e.client;
            }
            if (under(name, e.server, ss)) {
                return e.client + cs + translate(name.substring(e.server.length() + ss.length()), ss, cs);
            }
        }
        if (namespace.isEmpty() || passes(name)) {
            return name;
        }
        NamespaceRule ns = namespace.get();
        if (!name.startsWith(ns.prefix()) || name.length() == ns.prefix().length()) {
            return name;
        }
        return ns.clientPrefix() + translate(name.substring(ns.prefix().length()), ss, cs);
    }

    /**
     * Whether the server's {@code name} is hidden behind an explicit name: it translates to a
     * client name that the client reaches as another server mailbox (the namespace's
     * {@code INBOX.Sent} when {@code Sent} is mapped to {@code INBOX.Sent Messages}).
     */
    boolean shadowed(String name) {
        String client = toClient(name);
        return !toServer(client).equals(name) && !isInbox(name);
    }

    /** The explicit names, client name to server name, longest client name first. */
    List<Map.Entry<String, String>> mapped() {
        return byClient.stream().map(e -> Map.entry(e.client, e.server)).toList();
    }

    /** Whether an explicit client name lies below {@code clientDirectory}, beyond the reach of its server name. */
    boolean mapsBelow(String clientDirectory) {
        String cs = clientSeparator();
        return byClient.stream().anyMatch(e -> under(e.client, clientDirectory, cs));
    }

    /** Whether the server's {@code name} belongs to another namespace, whose names and separator stay the server's. */
    boolean passesThrough(String name) {
        return namespace.isPresent() && passes(name);
    }

    /** Under a passthrough prefix, or its root ({@code shared} for {@code shared.}). */
    private boolean passes(String name) {
        return passthrough.stream().anyMatch(p -> name.startsWith(p) || p.length() == name.length() + 1 && p.startsWith(name));
    }

    static boolean isInbox(String name) {
        return name.equalsIgnoreCase("INBOX");
    }

    /** Names are compared exactly, except INBOX. */
    private static boolean sameName(String a, String b) {
        return a.equals(b) || isInbox(a) && isInbox(b);
    }

    /** Whether {@code name} is a child (at any depth) of {@code parent}; an INBOX first level compares without case. */
    static boolean under(String name, String parent, String separator) {
        if (separator.isEmpty()) {
            return false; // a flat hierarchy has no children
        }
        String prefix = parent + separator;
        if (name.length() <= prefix.length()) {
            return false;
        }
        if (name.startsWith(prefix)) {
            return true;
        }
        return parent.equalsIgnoreCase("INBOX") && name.regionMatches(true, 0, "INBOX", 0, 5)
                && name.startsWith(separator, 5);
    }

    private static String translate(String name, String from, String to) {
        return from.equals(to) || from.isEmpty() ? name : name.replace(from, to);
    }
}
