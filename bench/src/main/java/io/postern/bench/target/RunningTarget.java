package io.postern.bench.target;

import java.net.InetSocketAddress;
import java.util.OptionalLong;

/** A target the scenarios connect to: where its IMAP, implicit-TLS IMAP, POP3 and SMTP listen, and which process serves them. */
public interface RunningTarget extends AutoCloseable {

    /** The report's name of the target: {@code direct}, {@code postern}, {@code nginx}, ... */
    String name();

    InetSocketAddress imap();

    /** IMAP with TLS from the first byte (993-style), with the settings of {@link TlsFiles}. */
    InetSocketAddress imaps();

    InetSocketAddress pop3();

    InetSocketAddress smtp();

    /**
     * The proxy's process (nginx's master, Postern's JVM), whose CPU and memory are measured with
     * its descendants; empty for direct, where there is no proxy to measure.
     */
    OptionalLong pid();

    /** Stops the target; never fails, so that stopping one never leaves the others running. */
    @Override
    void close();
}
