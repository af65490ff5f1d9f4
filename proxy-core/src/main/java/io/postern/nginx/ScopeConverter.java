package io.postern.nginx;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Writes the simple directives of one nginx block ({@code mail} or a {@code server}) into a
 * HOCON block, as {@link NginxDirectives} says, and reports each one it drops.
 */
final class ScopeConverter {

    /** Values nginx accepts that Postern refuses, dropped from the directive's list. */
    private static final Map<String, Set<String>> DROPPED_VALUES = Map.of(
            "ssl_protocols", Set.of("SSLv2", "SSLv3"));

    /** Written first in a server block, so a reader sees what it serves before how. */
    private static final List<String> FIRST = List.of("listen", "protocol");

    private final Path confPrefix;
    private final BiConsumer<NginxStatement, String> warn;

    /**
     * @param confPrefix the directory relative file names are resolved against (nginx's conf prefix)
     * @param warn told each statement dropped or changed, and why
     */
    ScopeConverter(Path confPrefix, BiConsumer<NginxStatement, String> warn) {
        this.confPrefix = confPrefix;
        this.warn = warn;
    }

    /** Converts the simple directives of {@code statements} into {@code target}; blocks are the caller's. */
    void convert(List<NginxStatement> statements, HoconBlock target, boolean server) {
        List<NginxStatement> ordered = new ArrayList<>(statements);
        ordered.sort(Comparator.comparingInt(s -> FIRST.contains(s.name()) ? FIRST.indexOf(s.name()) : FIRST.size()));
        Set<String> seen = new HashSet<>();
        for (NginxStatement s : ordered) {
            if (s.isBlock()) {
                continue;
            }
            Optional<NginxDirective> entry = NginxDirectives.find(s.name());
            if (entry.isEmpty()) {
                warn.accept(s, "dropped \"" + s.name() + "\": not a directive of nginx's mail modules");
            } else if (accepted(s, entry.get(), server, seen)) {
                write(s, entry.get(), target);
            }
        }
    }

    private boolean accepted(NginxStatement s, NginxDirective d, boolean server, Set<String> seen) {
        String why = null;
        if (d.status() == NginxDirective.Status.UNSUPPORTED) {
            why = "not supported by Postern: " + d.note().replace("`", "\"");
        } else if (d.form() == ValueForm.BLOCK) {
            why = "nginx allows it only as a block";
        } else if (d.serverOnly() && !server) {
            why = "nginx allows it only in a server block";
        } else if (!d.form().accepts(s.args().size())) {
            why = "invalid number of arguments (nginx refuses it)";
        } else if (!d.repeatable() && !seen.add(d.name())) {
            why = "duplicate (nginx refuses it); the first one is kept";
        }
        if (why != null) {
            warn.accept(s, "dropped \"" + s.name() + "\": " + why);
            return false;
        }
        return true;
    }

    private void write(NginxStatement s, NginxDirective d, HoconBlock target) {
        String first = s.args().get(0);
        for (String key : d.postern()) {
            switch (d.form()) {
                case WORD, TIME, SIZE, NUMBER -> target.put(key, HoconBlock.string(first));
                case FLAG -> flag(s, key, first, target);
                case WORDS -> words(s, d, key, target);
                case PATH -> path(d, key, first, target);
                case LINE -> {
                    if (first.startsWith("syslog:") || first.startsWith("memory:")) {
                        warn.accept(s, "dropped \"" + s.name() + " " + first + "\": not supported by Postern (conf/"
                                + "logback.xml can send lines to syslog)");
                    } else {
                        target.collect(key, HoconBlock.quoted(String.join(" ", s.args())));
                    }
                }
                case LISTEN -> ListenConverter.convert(s.args(), why -> warn.accept(s, why))
                        .ifPresent(listen -> target.collect(key, HoconBlock.quoted(listen)));
                case HEADER -> {
                    if (d.name().equals("ssl_conf_command")) {
                        confCommand(s, key, target);
                    } else if (!target.putIn(key, first, HoconBlock.quoted(s.args().get(1)))) {
                        warn.accept(s, "dropped this \"" + s.name() + " " + first + "\": Postern sends one value per "
                                + "header name, the first one written");
                    }
                }
                default -> throw new IllegalStateException(d.form().name());
            }
        }
    }

    /**
     * An OpenSSL command the JDK can honour is kept (several {@code Options} joined, as OpenSSL
     * applies each; otherwise the last one wins, as OpenSSL's last setting does); others dropped.
     */
    private void confCommand(NginxStatement s, String key, HoconBlock target) {
        String name = s.args().get(0);
        String value = s.args().get(1);
        if (!io.postern.tls.ConfCommands.supports(name, value)) {
            warn.accept(s, "dropped \"" + s.name() + " " + name + " " + value + "\": not supported with the JDK's TLS "
                    + "(Postern honours Ciphersuites, MinProtocol, MaxProtocol, Groups, Curves and the Options "
                    + "ServerPreference and SessionTicket)");
            return;
        }
        Optional<String> earlier = target.getIn(key, name);
        if (name.equalsIgnoreCase("Options") && earlier.isPresent()) {
            String before = earlier.get().substring(1, earlier.get().length() - 1);
            target.replaceIn(key, name, HoconBlock.quoted(before + "," + value));
        } else {
            target.replaceIn(key, name, HoconBlock.quoted(value));
        }
    }

    private void flag(NginxStatement s, String key, String value, HoconBlock target) {
        String flag = value.toLowerCase(Locale.ROOT);
        if (flag.equals("on") || flag.equals("off")) {
            target.put(key, flag);
        } else {
            warn.accept(s, "dropped \"" + s.name() + "\": \"" + value + "\" (expected: on or off; nginx refuses it)");
        }
    }

    private void words(NginxStatement s, NginxDirective d, String key, HoconBlock target) {
        Set<String> dropped = DROPPED_VALUES.getOrDefault(d.name(), Set.of());
        List<String> kept = new ArrayList<>();
        for (String arg : s.args()) {
            if (dropped.contains(arg)) {
                warn.accept(s, "dropped \"" + arg + "\" from \"" + s.name() + "\": not supported by the JDK");
            } else {
                kept.add(HoconBlock.string(arg));
            }
        }
        if (kept.isEmpty()) {
            warn.accept(s, "dropped \"" + s.name() + "\": nothing left that Postern supports");
            return;
        }
        kept.forEach(v -> {
            if (d.repeatable()) {
                target.collect(key, v);
            } else {
                target.add(key, v);
            }
        });
    }

    private void path(NginxDirective d, String key, String value, HoconBlock target) {
        String absolute = value.indexOf('$') >= 0 || value.startsWith("data:") ? value
                : confPrefix.resolve(value).normalize().toString();
        if (d.repeatable()) {
            target.collect(key, HoconBlock.quoted(absolute));
        } else {
            target.put(key, HoconBlock.quoted(absolute));
        }
    }
}
