package io.postern.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code ssl_provider}: whose TLS a server block's contexts use, on both legs. {@code auto}
 * takes OpenSSL (BoringSSL, statically linked, through netty-tcnative) when its native
 * library loads on this machine and the block asks nothing of it that BoringSSL lacks, and
 * the JDK's otherwise; {@code openssl} insists on it (unavailable is a configuration error);
 * {@code jdk} keeps the JDK's.
 */
public enum TlsProvider {
    AUTO,
    OPENSSL,
    JDK;

    /** {@code auto}, {@code openssl} or {@code jdk}. */
    public static TlsProvider of(String word) {
        return valueOf(word.toUpperCase(Locale.ROOT));
    }

    /** The directive's word for this provider. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether OpenSSL's native library loaded in this process. */
    public static boolean openSslAvailable() {
        return OpenSsl.isAvailable();
    }

    /** Why OpenSSL cannot be used here, in a few words; empty when it can. */
    public static Optional<String> openSslUnavailability() {
        if (OpenSsl.isAvailable()) {
            return Optional.empty();
        }
        Throwable cause = OpenSsl.unavailabilityCause();
        return Optional.of(cause == null ? "netty-tcnative did not load" : PemFiles.message(cause));
    }

    /** OpenSSL's name and version as the library reports them ("BoringSSL"), or empty. */
    public static Optional<String> openSslVersion() {
        return OpenSsl.isAvailable() ? Optional.of(OpenSsl.versionString()) : Optional.empty();
    }

    SslProvider netty() {
        return switch (this) {
            // The non-reference-counted variant: a context and its engines free their native
            // memory when they are closed or collected, so a reload's old generation needs no
            // release by hand and SslHandler owns nothing more than with the JDK.
            case OPENSSL -> SslProvider.OPENSSL;
            case JDK -> SslProvider.JDK;
            case AUTO -> throw new IllegalStateException("auto is resolved before a context is built");
        };
    }
}
