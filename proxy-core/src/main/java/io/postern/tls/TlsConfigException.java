package io.postern.tls;

/**
 * A TLS directive whose value has the right type but cannot be used (a missing file, a key
 * that does not match its certificate, a protocol the JDK lacks). Carries the directive's
 * name so that the configuration error names its file and line.
 */
public final class TlsConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String directive;

    public TlsConfigException(String directive, String message) {
        super(message);
        this.directive = directive;
    }

    public TlsConfigException(String directive, String message, Throwable cause) {
        super(message, cause);
        this.directive = directive;
    }

    /** The directive whose value is at fault. */
    public String directive() {
        return directive;
    }
}
