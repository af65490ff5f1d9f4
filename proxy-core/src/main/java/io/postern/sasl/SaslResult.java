package io.postern.sasl;

import java.util.Objects;

/**
 * The outcome of decoding one SASL client response: {@link Decoded}, {@link Invalid} or
 * {@link Cancelled}. No variant's {@code toString} shows a secret: a decoded password only ever
 * travels inside a {@link io.postern.spi.Credentials} record, which redacts it.
 *
 * @param <T> what a successful decode yields
 */
public sealed interface SaslResult<T>
        permits SaslResult.Decoded, SaslResult.Invalid, SaslResult.Cancelled {

    /** The response was well-formed. */
    record Decoded<T>(T value) implements SaslResult<T> {
        public Decoded {
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * The response was malformed: the protocol answers with its invalid-command reply.
     *
     * @param reason a short description for the log; never contains client data
     */
    record Invalid<T>(String reason) implements SaslResult<T> {
        public Invalid {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The client sent {@code *} to cancel the exchange (RFC 3501, RFC 4954, RFC 5034). */
    record Cancelled<T>() implements SaslResult<T> {
    }
}
