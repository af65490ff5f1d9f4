package io.postern.spi.filter;

import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * What a filter decides about a response.
 *
 * @param <R> the protocol's response type
 */
public sealed interface ResponseVerdict<R> {

    /** Let the response through as it is. */
    @SuppressWarnings("unchecked")
    static <R> ResponseVerdict<R> pass() {
        return (ResponseVerdict<R>) Pass.INSTANCE;
    }

    /** Send {@code response} to the client instead; later filters see the replacement. */
    static <R> ResponseVerdict<R> replace(R response) {
        return new Replace<>(response);
    }

    /**
     * Do not send the response to the client. Only what the client does not wait for may be
     * dropped (an IMAP untagged response, one line of a capability list by replacing it): a
     * dropped tagged IMAP response, POP3 answer or SMTP reply is refused and ends the session,
     * because the client would wait for it forever.
     */
    @SuppressWarnings("unchecked")
    static <R> ResponseVerdict<R> drop() {
        return (ResponseVerdict<R>) Drop.INSTANCE;
    }

    /** End the session: the client gets the protocol's goodbye with {@code message}. */
    static <R> ResponseVerdict<R> close(String message) {
        return new Close<>(message);
    }

    /**
     * The verdict comes later, when {@code verdict} completes (from any thread). Meanwhile the
     * session reads nothing more from the upstream, so responses keep their order; the rest of
     * the chain runs on the session's event loop once it completes. A stage that fails,
     * completes with {@code null}, or does not complete within the server's {@code timeout} ends
     * the session with the protocol's goodbye. Added in SPI 1.4.
     */
    static <R> ResponseVerdict<R> later(CompletionStage<ResponseVerdict<R>> verdict) {
        return new Later<>(verdict);
    }

    /** Let the response through. */
    @SuppressWarnings("rawtypes")
    final class Pass implements ResponseVerdict {
        static final Pass INSTANCE = new Pass();

        private Pass() {
        }

        @Override
        public String toString() {
            return "Pass";
        }
    }

    /** Send another response instead. */
    record Replace<R>(R response) implements ResponseVerdict<R> {
        public Replace {
            Objects.requireNonNull(response, "response");
        }
    }

    /** Do not send the response. */
    @SuppressWarnings("rawtypes")
    final class Drop implements ResponseVerdict {
        static final Drop INSTANCE = new Drop();

        private Drop() {
        }

        @Override
        public String toString() {
            return "Drop";
        }
    }

    /** The verdict, once {@code verdict} completes. Added in SPI 1.4. */
    record Later<R>(CompletionStage<ResponseVerdict<R>> verdict) implements ResponseVerdict<R> {
        public Later {
            Objects.requireNonNull(verdict, "verdict");
        }
    }

    /** End the session with the protocol's goodbye. */
    record Close<R>(String message) implements ResponseVerdict<R> {
        public Close {
            Objects.requireNonNull(message, "message");
            if (message.indexOf('\r') >= 0 || message.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("message must not contain CR or LF");
            }
        }
    }
}
