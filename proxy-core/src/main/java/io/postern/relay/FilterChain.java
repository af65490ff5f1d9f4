package io.postern.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.postern.module.Named;
import io.postern.spi.filter.CommandVerdict;
import io.postern.spi.filter.Direction;
import io.postern.spi.filter.PostLoginFilter;
import io.postern.spi.filter.ResponseVerdict;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One session's filters, in phase order, and the rules of running them: a replacement is
 * what the next filter sees, any other verdict but pass ends the chain for that message, and
 * a filter that throws ends the session (as a {@code Close} with {@link #INTERNAL_ERROR})
 * without harming the others. Used on the session's event loop only.
 *
 * @param <C> the protocol's command type
 * @param <R> the protocol's response type
 */
public final class FilterChain<C, R> {

    /** The goodbye text of a session whose filter failed. */
    public static final String INTERNAL_ERROR = "Internal error";

    /** Whether a filter class overrides {@code onStreamedData}, looked up once per class. */
    private static final ClassValue<Boolean> OBSERVES_STREAMS = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            try {
                return type.getMethod("onStreamedData", Direction.class, ByteBuffer.class).getDeclaringClass()
                        != PostLoginFilter.class;
            } catch (NoSuchMethodException e) {
                return true; // cannot happen: the interface declares it; show the data to be safe
            }
        }
    };

    private final List<Named<? extends PostLoginFilter<C, R>>> filters;
    /** The filters that look at streamed bytes: most do not, and then a chunk costs no view. */
    private final List<Named<? extends PostLoginFilter<C, R>>> streamObservers;
    private final FailureLog log;
    private final Function<C, String> commandName;
    private boolean closed;

    /** Where a filter's failure is told: the session's log in production. */
    @FunctionalInterface
    public interface FailureLog {
        void error(String format, Object... args);
    }

    /**
     * @param filters in phase order; none for a session the core frames for its own rules
     *     (see {@link FilteredPostLogin}), whose chain passes everything
     * @param log the session's error log ({@code session.log()::error})
     * @param commandName names a command in a log line without its arguments, which may be
     *     private (the verb)
     */
    public FilterChain(List<Named<? extends PostLoginFilter<C, R>>> filters, FailureLog log,
                       Function<C, String> commandName) {
        this.filters = List.copyOf(filters);
        this.streamObservers = this.filters.stream()
                .filter(f -> OBSERVES_STREAMS.get(f.handler().getClass())).toList();
        this.log = log;
        this.commandName = commandName;
    }

    /**
     * The chain's verdict on a command: {@code Pass} when every filter passed it,
     * {@code Replace} with the last replacement when some replaced it and the rest passed,
     * otherwise the first {@code Answer} or {@code Close}.
     */
    public CommandVerdict<C, R> onCommand(C command) {
        C current = command;
        boolean replaced = false;
        for (Named<? extends PostLoginFilter<C, R>> filter : filters) {
            CommandVerdict<C, R> verdict;
            ClassLoader previous = filter.enter();
            try {
                verdict = filter.handler().onCommand(current);
            } catch (RuntimeException | Error e) {
                return CommandVerdict.close(failed(filter, "command " + commandName.apply(current), e));
            } finally {
                Named.leave(previous);
            }
            if (verdict == null) {
                return CommandVerdict.close(failed(filter, "command " + commandName.apply(current),
                        new NullPointerException("null verdict")));
            }
            if (verdict instanceof CommandVerdict.Replace<C, R> replace) {
                current = replace.command();
                replaced = true;
            } else if (!(verdict instanceof CommandVerdict.Pass)) {
                return verdict;
            }
        }
        return replaced ? CommandVerdict.replace(current) : CommandVerdict.pass();
    }

    /** The chain's verdict on a response, by the same rules as {@link #onCommand}. */
    public ResponseVerdict<R> onResponse(R response) {
        R current = response;
        boolean replaced = false;
        for (Named<? extends PostLoginFilter<C, R>> filter : filters) {
            ResponseVerdict<R> verdict;
            ClassLoader previous = filter.enter();
            try {
                verdict = filter.handler().onResponse(current);
            } catch (RuntimeException | Error e) {
                return ResponseVerdict.close(failed(filter, "a response", e));
            } finally {
                Named.leave(previous);
            }
            if (verdict == null) {
                return ResponseVerdict.close(failed(filter, "a response", new NullPointerException("null verdict")));
            }
            if (verdict instanceof ResponseVerdict.Replace<R> replace) {
                current = replace.response();
                replaced = true;
            } else if (!(verdict instanceof ResponseVerdict.Pass)) {
                return verdict;
            }
        }
        return replaced ? ResponseVerdict.replace(current) : ResponseVerdict.pass();
    }

    /**
     * Shows every filter a chunk of streamed bytes, read-only; the buffer's indexes are left as
     * they were.
     *
     * @return empty when all filters took it; the goodbye text when one threw
     */
    public Optional<String> onStreamedData(Direction direction, ByteBuf chunk) {
        if (streamObservers.isEmpty() || !chunk.isReadable()) {
            return Optional.empty();
        }
        ByteBuffer view = chunk.nioBufferCount() == 1
                ? chunk.nioBuffer().asReadOnlyBuffer()
                : ByteBuffer.wrap(ByteBufUtil.getBytes(chunk)).asReadOnlyBuffer();
        for (Named<? extends PostLoginFilter<C, R>> filter : streamObservers) {
            ClassLoader previous = filter.enter();
            try {
                filter.handler().onStreamedData(direction, view.duplicate());
            } catch (RuntimeException | Error e) {
                return Optional.of(failed(filter, "streamed data", e));
            } finally {
                Named.leave(previous);
            }
        }
        return Optional.empty();
    }

    /**
     * The largest literal to give filters whole: the largest any filter asks for, at most
     * {@code ceiling}, at least {@code floor}.
     */
    public int inlineLimit(int floor, int ceiling) {
        int limit = floor;
        for (Named<? extends PostLoginFilter<C, R>> filter : filters) {
            ClassLoader previous = filter.enter();
            try {
                limit = Math.max(limit, filter.handler().inlineLimit());
            } catch (RuntimeException e) {
                log.error("filter \"{}\" of module \"{}\" failed to give its inline limit: {}",
                        filter.name(), filter.module(), e.toString());
            } finally {
                Named.leave(previous);
            }
        }
        return Math.min(limit, ceiling);
    }

    /** The filters' names, in order, for a log line. */
    public String names() {
        return String.join(", ", filters.stream().map(Named::name).toList());
    }

    /** Tells every filter the session ended; safe to call more than once. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Named<? extends PostLoginFilter<C, R>> filter : filters) {
            ClassLoader previous = filter.enter();
            try {
                filter.handler().onClose();
            } catch (RuntimeException e) {
                log.error("filter \"{}\" of module \"{}\" failed to close: {}", filter.name(), filter.module(),
                        e.toString());
            } finally {
                Named.leave(previous);
            }
        }
    }

    private String failed(Named<?> filter, String what, Throwable e) {
        // The message names the verb only: arguments may hold what must not reach a log.
        log.error("filter \"{}\" of module \"{}\" failed on {}: {}", filter.name(), filter.module(), what,
                e.toString());
        return INTERNAL_ERROR;
    }
}
