package io.postern.spi.filter;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * What a filter decides about a command.
 *
 * @param <C> the protocol's command type
 * @param <R> the protocol's response type
 */
public sealed interface CommandVerdict<C, R> {

    /** Let the command through as it is. */
    @SuppressWarnings("unchecked")
    static <C, R> CommandVerdict<C, R> pass() {
        return (CommandVerdict<C, R>) Pass.INSTANCE;
    }

    /** Send {@code command} upstream instead; later filters see the replacement. */
    static <C, R> CommandVerdict<C, R> replace(C command) {
        return new Replace<>(command);
    }

    /**
     * Answer the client without asking the upstream, e.g. with a tagged {@code NO}. The
     * answer reaches the client in order: after the replies to the commands sent before it.
     */
    @SafeVarargs
    static <C, R> CommandVerdict<C, R> answer(R... responses) {
        return new Answer<>(List.of(responses));
    }

    /** End the session: the client gets the protocol's goodbye with {@code message}. */
    static <C, R> CommandVerdict<C, R> close(String message) {
        return new Close<>(message);
    }

    /**
     * The verdict comes later, when {@code verdict} completes (from any thread: a filter that
     * asks an external service). Meanwhile the session reads nothing more from the client, so
     * commands keep their order; the rest of the chain runs on the session's event loop once it
     * completes. A stage that fails, completes with {@code null}, or does not complete within
     * the server's {@code timeout} ends the session with the protocol's goodbye, as a filter that
     * throws. Added in SPI 1.4.
     */
    static <C, R> CommandVerdict<C, R> later(CompletionStage<CommandVerdict<C, R>> verdict) {
        return new Later<>(verdict);
    }

    /** Let the command through. */
    @SuppressWarnings("rawtypes")
    final class Pass implements CommandVerdict {
        static final Pass INSTANCE = new Pass();

        private Pass() {
        }

        @Override
        public String toString() {
            return "Pass";
        }
    }

    /** Send another command instead. */
    record Replace<C, R>(C command) implements CommandVerdict<C, R> {
        public Replace {
            Objects.requireNonNull(command, "command");
        }
    }

    /** Answer the client directly; the command never reaches the upstream. */
    record Answer<C, R>(List<R> responses) implements CommandVerdict<C, R> {
        public Answer {
            responses = List.copyOf(responses);
            if (responses.isEmpty()) {
                throw new IllegalArgumentException("an answer needs at least one response");
            }
        }
    }

    /** The verdict, once {@code verdict} completes. Added in SPI 1.4. */
    record Later<C, R>(CompletionStage<CommandVerdict<C, R>> verdict) implements CommandVerdict<C, R> {
        public Later {
            Objects.requireNonNull(verdict, "verdict");
        }
    }

    /** End the session with the protocol's goodbye. */
    record Close<C, R>(String message) implements CommandVerdict<C, R> {
        public Close {
            Objects.requireNonNull(message, "message");
            if (message.indexOf('\r') >= 0 || message.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("message must not contain CR or LF");
            }
        }
    }
}
