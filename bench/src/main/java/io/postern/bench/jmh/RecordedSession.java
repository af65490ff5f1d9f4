package io.postern.bench.jmh;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A client byte stream to replay: the writes one after another, as a decoder receives them. */
public record RecordedSession(List<byte[]> writes) {

    public RecordedSession {
        writes = List.copyOf(writes);
    }

    /** The pre-login IMAP recording shipped beside this class. */
    public static RecordedSession imapPreLogin() {
        return load("imap-client-prelogin.txt");
    }

    /**
     * Reads a recording: one write per line (CRLF appended), {@code #} lines are comments. A
     * line ending a literal header and the literal's bytes are separate writes, as a client
     * waiting for {@code +} sends them.
     */
    static RecordedSession load(String resource) {
        try (InputStream in = RecordedSession.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + resource);
            }
            List<byte[]> writes = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("#") || line.isEmpty()) {
                    continue;
                }
                writes.add((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            return new RecordedSession(writes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** All the bytes of the recording. */
    public int size() {
        return writes.stream().mapToInt(w -> w.length).sum();
    }
}
