package io.postern.spi.filter;

import java.util.Objects;

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
