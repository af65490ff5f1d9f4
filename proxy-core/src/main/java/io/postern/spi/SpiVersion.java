package io.postern.spi;

/**
 * The version of this SPI. A module's descriptor names the SPI version it was built for; the
 * core refuses a module whose major version differs or whose minor version is newer than the
 * core's, because it may call methods this core does not have.
 */
public final class SpiVersion {

    /** Incremented when a change breaks modules built for an older SPI. */
    public static final int MAJOR = 1;

    /** Incremented when the SPI grows in a compatible way (new default methods, new types). */
    public static final int MINOR = 5;

    private SpiVersion() {
    }

    /** {@code "MAJOR.MINOR"}. */
    public static String current() {
        return MAJOR + "." + MINOR;
    }
}
