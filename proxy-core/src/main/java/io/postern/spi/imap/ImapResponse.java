package io.postern.spi.imap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/** A response from the server: tagged, untagged status, untagged data, or a continuation request. */
public sealed interface ImapResponse {

    /**
     * The capability list this response carries: a {@code CAPABILITY} data response or a
     * status response with a {@code [CAPABILITY …]} code (a greeting, a login's {@code OK});
     * empty for any other response.
     */
    default Optional<List<String>> capabilities() {
        return Optional.empty();
    }

    /**
     * This response with its capability list replaced; the response itself for one that
     * carries none.
     */
    default ImapResponse withCapabilities(List<String> capabilities) {
        return this;
    }

    /**
     * The completion of a command: {@code tag OK|NO|BAD [code] text}.
     *
     * @param status {@code OK}, {@code NO} or {@code BAD}, upper case
     * @param code the response code between the brackets, without them ({@code "TRYCREATE"},
     *     {@code "APPENDUID 38505 3955"}); empty when there is none
     */
    record Tagged(String tag, String status, Optional<String> code, String text) implements ImapResponse {
        public Tagged {
            Objects.requireNonNull(tag, "tag");
            status = checkStatus(status, "OK", "NO", "BAD");
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(text, "text");
        }

        /** {@code tag NO text}, as a filter refusing a command answers. */
        public static Tagged no(String tag, String text) {
            return new Tagged(tag, "NO", Optional.empty(), text);
        }

        /** {@code tag BAD text}. */
        public static Tagged bad(String tag, String text) {
            return new Tagged(tag, "BAD", Optional.empty(), text);
        }

        @Override
        public Optional<List<String>> capabilities() {
            return capabilitiesOfCode(code);
        }

        @Override
        public ImapResponse withCapabilities(List<String> capabilities) {
            return capabilities().isEmpty() ? this : new Tagged(tag, status, Optional.of(capabilityCode(capabilities)), text);
        }
    }

    /**
     * An untagged status response: {@code * OK|NO|BAD|BYE|PREAUTH [code] text}.
     *
     * @param status upper case
     * @param code the response code without its brackets; empty when there is none
     */
    record Status(String status, Optional<String> code, String text) implements ImapResponse {
        public Status {
            status = checkStatus(status, "OK", "NO", "BAD", "BYE", "PREAUTH");
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(text, "text");
        }

        @Override
        public Optional<List<String>> capabilities() {
            return capabilitiesOfCode(code);
        }

        @Override
        public ImapResponse withCapabilities(List<String> capabilities) {
            return capabilities().isEmpty() ? this : new Status(status, Optional.of(capabilityCode(capabilities)), text);
        }
    }

    /**
     * Untagged data: {@code * 3 EXISTS}, {@code * LIST (\HasNoChildren) "." INBOX},
     * {@code * 12 FETCH (UID 7 BODY[] {2048}…)}.
     *
     * @param args everything after {@code "* "}; a message number comes first
     */
    record Data(List<ImapArg> args) implements ImapResponse {
        public Data {
            args = List.copyOf(args);
            if (args.isEmpty()) {
                throw new IllegalArgumentException("untagged data has at least a name");
            }
        }

        /**
         * The response's name in upper case: the first atom, or the second after a message
         * number ({@code EXISTS}, {@code FETCH}).
         */
        public String name() {
            ImapArg first = args.get(0);
            if (first instanceof ImapArg.Atom atom && !isNumber(atom.text())) {
                return atom.text().toUpperCase(Locale.ROOT);
            }
            if (args.size() > 1 && args.get(1) instanceof ImapArg.Atom second) {
                return second.text().toUpperCase(Locale.ROOT);
            }
            return "";
        }

        /** Whether the response ends with a literal whose bytes are streamed after it. */
        public boolean streamed() {
            return endsStreamed(args.get(args.size() - 1));
        }

        @Override
        public Optional<List<String>> capabilities() {
            if (!name().equals("CAPABILITY")) {
                return Optional.empty();
            }
            List<String> names = new ArrayList<>();
            for (ImapArg arg : args.subList(1, args.size())) {
                arg.string().ifPresent(names::add);
            }
            return Optional.of(List.copyOf(names));
        }

        @Override
        public ImapResponse withCapabilities(List<String> capabilities) {
            if (capabilities().isEmpty()) {
                return this;
            }
            List<ImapArg> newArgs = new ArrayList<>();
            newArgs.add(args.get(0));
            capabilities.forEach(c -> newArgs.add(new ImapArg.Atom(c)));
            return new Data(newArgs);
        }
    }

    /** A continuation request: {@code + text} (text may be empty). */
    record Continuation(String text) implements ImapResponse {
        public Continuation {
            Objects.requireNonNull(text, "text");
        }
    }

    private static String checkStatus(String status, String... allowed) {
        Objects.requireNonNull(status, "status");
        String upper = status.toUpperCase(Locale.ROOT);
        if (!Arrays.asList(allowed).contains(upper)) {
            throw new IllegalArgumentException("status: " + status + " (expected one of " + Arrays.toString(allowed) + ")");
        }
        return upper;
    }

    private static Optional<List<String>> capabilitiesOfCode(Optional<String> code) {
        if (code.isEmpty()) {
            return Optional.empty();
        }
        String[] words = code.get().trim().split(" +");
        if (!words[0].equalsIgnoreCase("CAPABILITY")) {
            return Optional.empty();
        }
        return Optional.of(List.of(words).subList(1, words.length));
    }

    private static String capabilityCode(List<String> capabilities) {
        return capabilities.isEmpty() ? "CAPABILITY" : "CAPABILITY " + String.join(" ", capabilities);
    }

    private static boolean isNumber(String text) {
        return !text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** Whether {@code arg} is, or its last nested list ends with, a streamed literal. */
    static boolean endsStreamed(ImapArg arg) {
        ImapArg last = arg;
        while (last instanceof ImapArg.ListOf list && !list.items().isEmpty()) {
            last = list.items().get(list.items().size() - 1);
        }
        return last instanceof ImapArg.Streamed;
    }
}
