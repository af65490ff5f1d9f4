package io.postern.rewrite.imap;

import io.postern.spi.imap.ImapArg;
import io.postern.spi.imap.ImapCommand;
import io.postern.spi.imap.ImapResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One session's mailbox name translation on the wire: the mailbox arguments of commands
 * toward the server, LIST and LSUB references and patterns, and the names in the server's
 * LIST, LSUB, STATUS, QUOTAROOT, ACL, LISTRIGHTS, MYRIGHTS, METADATA and NAMESPACE responses
 * back toward the client. Names are decoded from the wire ({@link MailboxWire}), translated
 * in Unicode ({@link MailboxNames}) and encoded again in the form they came in; an argument
 * whose name does not change is left as it was.
 */
final class ImapMailboxes {

    private static final Predicate<String> ANY = name -> true;

    private final MailboxNames names;
    private final MailboxWire wire;
    private final ListFilter lists = new ListFilter();

    ImapMailboxes(MailboxNames names, MailboxWire wire) {
        this.names = names;
        this.wire = wire;
    }

    boolean active() {
        return names.active();
    }

    String clientSeparator() {
        return names.clientSeparator();
    }

    /**
     * Whether translating {@code command}'s mailbox names would need the server's separator
     * while it is unknown: a name that may be a child of a mapped name, or a LIST or LSUB
     * pattern (its {@code %} and the names it may return depend on it). {@code LIST "" ""}
     * never does: its answer teaches the separator.
     */
    boolean needsUnknownSeparator(ImapCommand command) {
        if (!names.active() || names.hierarchyKnown()) {
            return false;
        }
        List<ImapArg> args = command.args();
        if (MailboxPositions.isList(command.verb())) {
            int at = !args.isEmpty() && args.get(0) instanceof ImapArg.ListOf ? 1 : 0;
            return args.size() > at + 1 && !(wire.name(args.get(at)).filter(String::isEmpty).isPresent()
                    && wire.name(args.get(at + 1)).filter(String::isEmpty).isPresent());
        }
        for (int position : MailboxPositions.ofCommand(command.verb(), args)) {
            if (wire.name(args.get(position)).filter(names::needsSeparator).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /** Learns from a server response what later translations need: the separator, other namespaces, UTF-8. */
    void learn(ImapResponse response) {
        if (!(response instanceof ImapResponse.Data data)) {
            return;
        }
        String name = data.name();
        List<ImapArg> args = data.args();
        if (name.equals("ENABLED")) {
            for (ImapArg arg : args.subList(1, args.size())) {
                String word = arg.string().orElse("").toUpperCase(Locale.ROOT);
                if (word.equals("UTF8=ACCEPT") || word.equals("IMAP4REV2")) {
                    wire.enableUtf8();
                }
            }
        } else if (MailboxPositions.isList(name) && args.size() > 3
                && wire.name(args.get(3)).filter(String::isEmpty).isPresent()) {
            // the answer to LIST "" "": the root's delimiter, or NIL for a flat server
            names.learnSeparator(args.get(2) instanceof ImapArg.Quoted sep ? sep.text() : "");
        } else if (name.equals("NAMESPACE") && args.size() > 3) {
            entries(args.get(1)).stream().findFirst().ifPresent(e -> separatorOf(e).ifPresent(names::learnSeparator));
            for (ImapArg namespaces : args.subList(2, 4)) {
                for (ImapArg.ListOf entry : entries(namespaces)) {
                    wire.name(entry.items().get(0)).ifPresent(names::learnPassthrough);
                }
            }
        }
    }

    /** The command with its mailbox names translated for the server; the same instance when none changes. */
    ImapCommand toServer(ImapCommand command) {
        if (!names.active()) {
            return command;
        }
        if (MailboxPositions.isList(command.verb())) {
            return list(command);
        }
        int[] positions = MailboxPositions.ofCommand(command.verb(), command.args());
        List<ImapArg> args = new ArrayList<>(command.args());
        boolean changed = false;
        for (int position : positions) {
            ImapArg arg = args.get(position);
            Optional<String> name = wire.name(arg);
            if (name.isPresent()) {
                String server = names.toServer(name.get());
                if (!server.equals(name.get())) {
                    args.set(position, wire.arg(arg, server, false));
                    changed = true;
                }
            }
        }
        return changed ? command.withArgs(args) : command;
    }

    /** A tagged response ends its command: a LIST no longer waits for names. */
    void completed(String tag) {
        lists.done(tag);
    }

    /**
     * The response with its mailbox names translated for the client; empty when it is a LIST
     * or LSUB name the client did not ask for (its pattern was widened) or cannot reach.
     */
    Optional<ImapResponse> toClient(ImapResponse response) {
        if (!names.active() || !(response instanceof ImapResponse.Data data)) {
            return Optional.of(response);
        }
        String name = data.name();
        if (name.equals("NAMESPACE")) {
            return Optional.of(namespace(data));
        }
        if (MailboxPositions.isList(name)) {
            return listed(data);
        }
        int[] positions = MailboxPositions.ofResponse(name, data.args());
        List<ImapArg> args = new ArrayList<>(data.args());
        boolean changed = false;
        for (int position : positions) {
            Optional<ImapArg> mapped = clientArg(args.get(position));
            if (mapped.isPresent()) {
                args.set(position, mapped.get());
                changed = true;
            }
        }
        return Optional.of(changed ? new ImapResponse.Data(args) : response);
    }

    private ImapCommand list(ImapCommand command) {
        List<ImapArg> args = new ArrayList<>(command.args());
        int at = !args.isEmpty() && args.get(0) instanceof ImapArg.ListOf ? 1 : 0; // LIST-EXTENDED selection options
        Optional<String> reference = args.size() > at + 1 ? wire.name(args.get(at)) : Optional.empty();
        if (reference.isEmpty()) {
            lists.expect(command.tag(), List.of(ANY));
            return command;
        }
        ImapArg patternArg = args.get(at + 1);
        if (wire.name(patternArg).filter(String::isEmpty).isPresent()) {
            // LIST ref "": the separator and the root of ref.
            lists.expect(command.tag(), List.of(ANY));
            String server = names.toServer(reference.get());
            if (server.equals(reference.get())) {
                return command;
            }
            args.set(at, wire.arg(args.get(at), server, false));
            return command.withArgs(args);
        }
        List<ImapArg> patterns = patternArg instanceof ImapArg.ListOf list ? list.items() : List.of(patternArg);
        boolean recursive = at == 1 && ((ImapArg.ListOf) args.get(0)).items().stream()
                .anyMatch(o -> o.string().filter("RECURSIVEMATCH"::equalsIgnoreCase).isPresent());
        List<ImapArg> serverPatterns = new ArrayList<>();
        List<Predicate<String>> matchers = new ArrayList<>();
        boolean changed = !reference.get().isEmpty();
        for (ImapArg pattern : patterns) {
            Optional<String> clientPattern = wire.name(pattern).filter(p -> !p.isEmpty());
            if (clientPattern.isEmpty()) {
                lists.expect(command.tag(), List.of(ANY));
                return command;
            }
            String whole = reference.get() + clientPattern.get();
            String server = ListPatterns.toServer(whole, names);
            matchers.add(ListPatterns.matcher(whole, names.clientSeparator()));
            List<String> precise = recursive && server.equals("*") && !whole.equals("*")
                    ? ListPatterns.toServerPatterns(whole, names) : List.of();
            if (!precise.isEmpty()) {
                precise.forEach(p -> serverPatterns.add(wire.arg(pattern, p, true)));
                changed = true;
            } else if (server.equals(clientPattern.get()) && reference.get().isEmpty()) {
                serverPatterns.add(pattern);
            } else {
                serverPatterns.add(wire.arg(pattern, server, true));
                changed = true;
            }
        }
        lists.expect(command.tag(), matchers);
        if (!changed) {
            return command;
        }
        if (!reference.get().isEmpty()) {
            args.set(at, new ImapArg.Quoted(""));
        }
        args.set(at + 1, patternArg instanceof ImapArg.ListOf || serverPatterns.size() > 1
                ? new ImapArg.ListOf(serverPatterns) : serverPatterns.get(0));
        return command.withArgs(args);
    }

    /** {@code * LIST (attributes) "sep" name [extended]}: the separator, the name, an OLDNAME. */
    private Optional<ImapResponse> listed(ImapResponse.Data data) {
        List<ImapArg> args = new ArrayList<>(data.args());
        if (args.size() < 4) {
            return Optional.of(data);
        }
        Optional<String> server = wire.name(args.get(3));
        if (server.isEmpty()) {
            return Optional.of(data);
        }
        String client = names.toClient(server.get());
        if (names.shadowed(server.get()) || !lists.wanted(client)) {
            return Optional.empty();
        }
        boolean changed = false;
        if (args.get(2) instanceof ImapArg.Quoted sep && sep.text().equals(names.serverSeparator())
                && !names.clientSeparator().equals(names.serverSeparator()) && !names.passesThrough(server.get())) {
            args.set(2, new ImapArg.Quoted(names.clientSeparator()));
            changed = true;
        }
        if (!client.equals(server.get())) {
            args.set(3, wire.arg(args.get(3), client, false));
            changed = true;
        }
        if (args.size() > 4 && args.get(4) instanceof ImapArg.ListOf extended) {
            Optional<ImapArg> renamed = oldName(extended);
            if (renamed.isPresent()) {
                args.set(4, renamed.get());
                changed = true;
            }
        }
        return Optional.of(changed ? new ImapResponse.Data(args) : data);
    }

    /** {@code ("OLDNAME" ("old"))} of RFC 5465 / 9051, translated. */
    private Optional<ImapArg> oldName(ImapArg.ListOf extended) {
        List<ImapArg> items = new ArrayList<>(extended.items());
        for (int i = 0; i + 1 < items.size(); i += 2) {
            boolean isOldName = items.get(i).string().filter(s -> s.equalsIgnoreCase("OLDNAME")).isPresent();
            if (isOldName && items.get(i + 1) instanceof ImapArg.ListOf value && value.items().size() == 1) {
                Optional<ImapArg> mapped = clientArg(value.items().get(0));
                if (mapped.isPresent()) {
                    items.set(i + 1, new ImapArg.ListOf(List.of(mapped.get())));
                    return Optional.of(new ImapArg.ListOf(items));
                }
            }
        }
        return Optional.empty();
    }

    /** The client's spelling of the server name {@code arg} holds; empty when it stays as it is. */
    private Optional<ImapArg> clientArg(ImapArg arg) {
        Optional<String> server = wire.name(arg);
        if (server.isEmpty()) {
            return Optional.empty();
        }
        String client = names.toClient(server.get());
        return client.equals(server.get()) ? Optional.empty() : Optional.of(wire.arg(arg, client, false));
    }

    /**
     * {@code * NAMESPACE personal other shared}: the personal namespace with the server's
     * prefix is shown with the client's prefix and separator.
     */
    private ImapResponse namespace(ImapResponse.Data data) {
        Optional<NamespaceRule> rule = names.namespace();
        List<ImapArg> args = data.args();
        if (rule.isEmpty() || args.size() < 2 || !(args.get(1) instanceof ImapArg.ListOf personal)) {
            return data;
        }
        List<ImapArg> entries = new ArrayList<>();
        boolean changed = false;
        for (ImapArg item : personal.items()) {
            if (item instanceof ImapArg.ListOf entry && entry.items().size() >= 2
                    && wire.name(entry.items().get(0)).filter(rule.get().prefix()::equals).isPresent()) {
                List<ImapArg> parts = new ArrayList<>(entry.items());
                parts.set(0, wire.arg(parts.get(0), rule.get().clientPrefix(), false));
                parts.set(1, new ImapArg.Quoted(rule.get().clientSeparator()));
                entries.add(new ImapArg.ListOf(parts));
                changed = true;
            } else {
                entries.add(item);
            }
        }
        if (!changed) {
            return data;
        }
        List<ImapArg> newArgs = new ArrayList<>(args);
        newArgs.set(1, new ImapArg.ListOf(entries));
        return new ImapResponse.Data(newArgs);
    }

    /** The {@code (prefix sep …)} entries of one namespace list; none for NIL. */
    private static List<ImapArg.ListOf> entries(ImapArg namespaces) {
        List<ImapArg.ListOf> out = new ArrayList<>();
        if (namespaces instanceof ImapArg.ListOf list) {
            for (ImapArg item : list.items()) {
                if (item instanceof ImapArg.ListOf entry && !entry.items().isEmpty()) {
                    out.add(entry);
                }
            }
        }
        return out;
    }

    private static Optional<String> separatorOf(ImapArg.ListOf entry) {
        return entry.items().size() > 1 && entry.items().get(1) instanceof ImapArg.Quoted sep
                ? Optional.of(sep.text()) : Optional.empty();
    }
}
